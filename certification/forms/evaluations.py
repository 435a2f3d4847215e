"""Forms of evaluations: the plan, a finding, the report's texts, evidence, the offline
checklist and corrective actions. Choices of people come from the selectors (only the
body's evaluators cleared for the organization)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from certification.checklist import KEEP_FILE, KEEP_SERVER
from certification.models import (
    CorrectiveAction,
    Evaluation,
    EvaluationType,
    Finding,
    RiskLevel,
    risk_refusal,
)
from certification.models.evaluations import evaluated_completely_before
from network.concurrency import VersionedForm
from network.files import DOCUMENT_KINDS, UploadField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} <{obj.email}>" if obj.full_name else obj.email


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} <{obj.email}>" if obj.full_name else obj.email


class EvaluationPlanForm(VersionedForm, forms.ModelForm):
    """The plan: the risk assessment first (it decides which types are allowed), the type,
    dates and team. The service checks the team again (conflicts, reviewers, competence)."""

    lead_evaluator = PersonChoiceField(
        label=_("Lead evaluator"),
        queryset=None,
        help_text=_(
            "Each member of the team needs a competence record of the certification body "
            "for the application's products and activities, valid on the planned dates."
        ),
    )
    team = PeopleChoiceField(
        label=_("Other members of the team"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Only evaluators of the certification body with a current “no conflict” "
            "declaration for the organization, who did not review the application, are "
            "listed."
        ),
    )

    class Meta:
        model = Evaluation
        fields = [
            "risk_level",
            "risk_rationale",
            "evaluation_type",
            "planned_start_on",
            "planned_end_on",
            "lead_evaluator",
        ]
        widgets = {
            "risk_level": forms.RadioSelect,
            "risk_rationale": forms.Textarea(attrs={"rows": 3}),
            "evaluation_type": forms.RadioSelect,
            "planned_start_on": DATE,
            "planned_end_on": DATE,
        }
        help_texts = {
            "risk_level": _(
                "An initial application, or a high risk, needs an on-site or remote "
                "evaluation; a medium risk also allows a normal desk evaluation, a low risk "
                "a shortened one too."
            ),
            "risk_rationale": _(
                "What the level rests on: earlier non-compliances, complaints, changes in "
                "the organization or its scope, the size of the internal control system…"
            ),
            "evaluation_type": _(
                "Desk evaluations check the critical criteria only; on-site and remote "
                "evaluations check the critical, minimum and improvement criteria."
            ),
        }

    def __init__(self, *args, people, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.application = application
        self.follow_up = evaluated_completely_before(
            application, self.instance if self.instance.pk else None
        )
        self.fields["risk_level"].required = True
        self.fields["risk_level"].choices = RiskLevel.choices
        self.fields["risk_rationale"].required = True
        self.fields["evaluation_type"].choices = EvaluationType.choices
        self.fields["lead_evaluator"].queryset = people
        self.fields["team"].queryset = people
        if self.instance.pk:
            self.initial.setdefault("team", list(self.instance.team.all()))

    def clean(self):
        data = super().clean()
        start, end = data.get("planned_start_on"), data.get("planned_end_on")
        if start and end and end < start:
            self.add_error("planned_end_on", _("The end is before the start."))
        if data.get("risk_level") and data.get("evaluation_type"):
            refusal = risk_refusal(
                application_kind=self.application.kind,
                risk_level=data["risk_level"],
                evaluation_type=data["evaluation_type"],
                follow_up=self.follow_up,
            )
            if refusal:
                self.add_error("evaluation_type", refusal)
        return data

    def _post_clean(self):
        pass  # the service saves (and checks the team)


class FindingForm(VersionedForm, forms.ModelForm):
    """One finding; each on the section page has its own prefix (f<pk>)."""

    class Meta:
        model = Finding
        fields = ["result", "comment"]
        widgets = {
            "result": forms.RadioSelect,
            "comment": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", f"f{kwargs['instance'].pk}")
        super().__init__(*args, **kwargs)
        self.fields["result"].choices = [
            (value, label) for value, label in self.fields["result"].choices if value
        ]
        self.fields["result"].required = False
        code = {"code": self.instance.criterion.code}
        self.fields["result"].label = _("Result for %(code)s") % code
        self.fields["comment"].label = _("Comment on %(code)s") % code

    def clean(self):
        data = super().clean()
        if data.get("result") == "NC" and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Describe the non-compliance."))
        return data

    def _post_clean(self):
        pass


class EvaluationTextsForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = Evaluation
        fields = ["strengths", "next_evaluation_points", "distribution_list"]
        widgets = {
            "strengths": forms.Textarea(attrs={"rows": 4}),
            "next_evaluation_points": forms.Textarea(attrs={"rows": 4}),
            "distribution_list": forms.Textarea(attrs={"rows": 3}),
        }

    def _post_clean(self):
        pass


class EvidenceForm(forms.Form):
    file = UploadField(label=_("Evidence file"), kinds=DOCUMENT_KINDS)


class ChecklistUploadForm(forms.Form):
    file = UploadField(label=_("Filled-in checklist (XLSX)"), kinds=("xlsx",))


class ConflictResolutionForm(forms.Form):
    """For each finding saved by someone else since the file was made: keep the file's
    values or the stored ones (no default: a person decides each)."""

    def __init__(self, *args, conflicts, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflicts = conflicts
        for item in conflicts:
            self.fields[f"keep_{item['finding']}"] = forms.ChoiceField(
                label=_("Criterion %(code)s (row %(row)s)")
                % {"code": item["criterion"], "row": item["row"]},
                choices=[
                    (KEEP_SERVER, _("keep the stored values")),
                    (KEEP_FILE, _("take the file's values")),
                ],
                widget=forms.RadioSelect,
            )
            self.fields[f"seen_{item['finding']}"] = forms.IntegerField(
                widget=forms.HiddenInput, initial=item["stored_version"]
            )

    def resolutions(self) -> dict[int, tuple[str, int]]:
        return {
            item["finding"]: (
                self.cleaned_data[f"keep_{item['finding']}"],
                self.cleaned_data[f"seen_{item['finding']}"],
            )
            for item in self.conflicts
        }

    def pairs(self):
        """(conflict, its choice field) for the template."""
        return [(item, self[f"keep_{item['finding']}"]) for item in self.conflicts]


class CorrectiveActionForm(forms.ModelForm):
    evidence = UploadField(label=_("Evidence (optional)"), kinds=DOCUMENT_KINDS, required=False)

    class Meta:
        model = CorrectiveAction
        fields = ["action", "responsible", "due_on"]
        widgets = {"action": forms.Textarea(attrs={"rows": 4}), "due_on": DATE}


class CorrectiveActionReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Your decision"),
        choices=[("accept", _("Accept the corrective action")), ("reject", _("Reject it"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you reject the action: say what is missing."),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Say why the action is rejected."))
        return data
