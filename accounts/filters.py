from django import forms
from django_filters import rest_framework as filters
from django_filters.widgets import BooleanWidget
from rest_framework.filters import SearchFilter

from accounts.models import UserProfile


class StableOrderingFilter(filters.OrderingFilter):
    def filter(self, qs, value):
        qs = super().filter(qs, value)
        # Profiles that joined in the same instant would otherwise swap places between pages.
        return qs.order_by(*qs.query.order_by, "id") if value else qs


class StrictBooleanWidget(BooleanWidget):
    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        # django-filter reads an unknown word as "no filter", which answers with everyone;
        # hand it on so the field can refuse it.
        if value is None and data.get(name):
            return data.get(name)
        return value


class StrictNullBooleanField(forms.NullBooleanField):
    def to_python(self, value):
        if isinstance(value, str):
            raise forms.ValidationError("Use true or false.", code="invalid")
        return super().to_python(value)


class StrictBooleanFilter(filters.BooleanFilter):
    field_class = StrictNullBooleanField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, widget=StrictBooleanWidget, **kwargs)


class UserProfileFilter(filters.FilterSet):
    is_organizer = StrictBooleanFilter(help_text="true: organizers only; false: attendees only.")
    ordering = StableOrderingFilter(
        fields=[("date_joined", "date_joined"), ("user__username", "username")],
        help_text="date_joined or username; a leading - sorts descending.",
    )

    class Meta:
        model = UserProfile
        fields = ["is_organizer"]


class UserProfileSearchFilter(SearchFilter):
    search_description = "Part of a username or location, any case."
