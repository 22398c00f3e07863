"""The form of a researcher's own profile: the personal part (services.PERSONAL_FIELDS and the
principles), which the person a profile is linked to keeps up to date themselves."""

from django import forms
from django.utils.translation import gettext_lazy as _

from research.knowledge.models import TeachingLearningPrinciple
from research.people.models import Researcher


class OwnProfileForm(forms.ModelForm):
    principles = forms.ModelMultipleChoiceField(
        label=_("Teaching-learning principles"),
        queryset=TeachingLearningPrinciple.objects.order_by("order", "name_nl"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The principles your research is about."),
    )

    class Meta:
        model = Researcher
        fields = ["expertise_nl", "expertise_en", "languages", "photo", "principles"]
        widgets = {"photo": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})}

    def _post_clean(self):
        # The service validates and saves (research/people/services.py); the model form would only
        # repeat it on a row it must not change itself.
        pass
