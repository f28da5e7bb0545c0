from django.urls import path, register_converter

from . import ehc_evidence, information_report, topup, views


class DocumentFormat:
    regex = "pdf|docx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(DocumentFormat, "docformat")

app_name = "documents"
# Mounted by config/urls.py under /pupils/<pupil_id>/.
pupil_urls = [
    path("documents/plans/<int:plan_id>/plan.<docformat:fmt>", views.plan_document, name="plan"),
    path("documents/plans/<int:plan_id>/profile.<docformat:fmt>", views.profile_document, name="profile"),
    path("documents/plans/<int:plan_id>/review.<docformat:fmt>", views.review_document, name="review"),
    path("documents/top-up/<int:topup_id>/request.<docformat:fmt>", topup.topup_download, name="topup"),
    # The evidence pack of an EHC needs-assessment request (issue 12): PDF, Word, the reports as a zip.
    path(
        "documents/ehc-requests/<int:ehc_request_id>/evidence.<docformat:fmt>",
        ehc_evidence.ehc_evidence_download,
        name="ehc_evidence",
    ),
    path(
        "documents/ehc-requests/<int:ehc_request_id>/reports.zip",
        ehc_evidence.ehc_evidence_reports,
        name="ehc_evidence_reports",
    ),
]
# Site-level pages: public, no sign-in (the SEN information report's page is the information_report app's).
urlpatterns = [
    path(
        "schools/<str:urn>/sen-information-report/report.<docformat:fmt>",
        information_report.information_report_download,
        name="information_report",
    ),
]
