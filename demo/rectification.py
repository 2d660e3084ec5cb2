"""Demo rectification orders and suspension proposals: the body's response to an order issued on
review, the officer's decision, and the suspension proposal a rejection leads to (accepted,
dismissed or left waiting)."""

from typing import TYPE_CHECKING

from django.core.files.uploadedfile import SimpleUploadedFile

from audits.models import RectificationOrder
from audits.services import orders
from common.pdf_samples import minimal_pdf
from demo.supervision import SupervisionDemo

if TYPE_CHECKING:
    from demo.inspections import Visit


class Rectification(SupervisionDemo):
    def settle(self, order: RectificationOrder, visit: "Visit") -> None:
        """The body's response to an order, the officer's decision, and what a rejection leads to."""
        order = RectificationOrder.objects.get(pk=order.pk)
        orders.respond_to_order(
            order=order,
            user=self.admin(order.body),
            response="已对照整改通知逐项整改：补齐相关记录并重新归档，组织考务人员和考评员专题培训，"
            "修订考务管理制度，明确责任人。整改报告及佐证材料见附件。",
            upload=SimpleUploadedFile(
                "整改报告.pdf", minimal_pdf(f"Rectification report {order.number}"), "application/pdf"
            ),
        )
        responded = self.at(visit.responded, 15, 30)
        self.stamp(order, responded, responded_at=responded)
        if not visit.order:
            return
        accept = visit.order == "accepted"
        orders.decide_order(
            order=order,
            user=self.centre1,
            accept=accept,
            note="经复查，整改到位。"
            if accept
            else "整改报告未说明涉事人员的处理结果，相关记录未见补正，不予认可。",
        )
        decided = self.at(visit.decided, 11, 0)
        self.stamp(order, decided, decided_at=decided)
        if accept:
            return
        proposal = order.proposals.get()
        self.stamp(proposal, proposed_at=decided)
        if visit.dismissed is not None:
            orders.decide_proposal(
                proposal=proposal,
                user=self.centre2,
                suspend=False,
                reason="机构已停止涉事人员考评工作，对相关考生重新组织评分并补正记录，经复查问题已纠正，"
                "不予暂停，列为下一年度重点督导对象。",
            )
            moment = self.at(visit.dismissed, 16, 20)
            self.stamp(proposal, moment, decided_at=moment)
