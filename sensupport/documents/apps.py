from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "sensupport.documents"
    label = "documents"

    def ready(self) -> None:
        from sensupport.plans import services as plans

        from .tasks import queue_agreed_plan_documents

        # An agreed version's documents never change: render and store them off the web (ADR 0010).
        if queue_agreed_plan_documents not in plans.AFTER_PLAN_AGREED:
            plans.AFTER_PLAN_AGREED.append(queue_agreed_plan_documents)
