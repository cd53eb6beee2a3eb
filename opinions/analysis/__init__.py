"""Reading the opinions without changing them: agreement, crosstabs, representation, duplicates,
themes, search, screening and learned suggestions."""
