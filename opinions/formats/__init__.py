"""Files read and written: tables of opinions, codebooks, exports, the event template and
population figures."""
