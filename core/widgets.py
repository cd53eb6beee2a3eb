"""Form widgets shared by the apps' forms."""

from django import forms


class ColourInput(forms.TextInput):
    """A colour picker (`<input type="color">`). It always sends a colour, and HTML allows
    neither a length nor `required` on it: a model's `max_length` and a required field's
    attribute are left out (the form still validates both)."""

    input_type = "color"

    def use_required_attribute(self, initial) -> bool:
        return False

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].pop("maxlength", None)
        return context
