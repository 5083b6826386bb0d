"""The desk's writes. Each runs what its chat command runs (the office's workflow, its checks and wording) inside
office.desk_writes: one transaction with the key of the form it came from, so a reload or a second click
records nothing more, and the facts it appends are known to come from the desk. web/ runs no SQL and computes
no score: previews are the editorial workflow's, figures the scoreboard's."""

from __future__ import annotations

import tempfile
from pathlib import Path
from urllib.parse import quote

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from bot.common.errors import EntryError, UserError
from bot.handlers.binding import confirm_one, rejected, rejection_notice
from bot.handlers.editorial import cn_day, published_post, total, withdrawn_post, worth
from bot.handlers.office import recorded
from bot.handlers.proposals import dismissed as dismissed_text
from bot.model.facts import REVERSAL, describe
from bot.model.issues import ROUNDUP, Spec
from bot.model.message import Outgoing
from bot.reports.issue_doc import write_issue_docx
from bot.web import records
from bot.web.forms import FieldError, day, desk_worded, field, text, ticked
from bot.web.pages import Pages, posted, signed_in
from bot.web.views import issue_href


class Writes(Pages):
    def write(self, request: Request, form: FormData, action: str, work) -> Response:
        """Run `work` once for this form (office.desk_writes) and go to its result page (303: a reload there
        records nothing)."""
        key = text(form, "key")
        done = self.office.desk_writes.run(key, request.state.admin, action, work)
        return RedirectResponse(f"/done/{key}" + ("" if done.fresh else "?repeat=1"), status_code=303)

    def sure(
        self, request: Request, form: FormData, heading: str, lines: list[str], button: str, back: str
    ) -> Response | None:
        """A destructive write asks once more: None when the form says it is sure, else the page that shows
        what will be undone and sends the same form (its key too, so it still records once) with 「确定」."""
        if ticked(form, "sure"):
            return None
        kept = [(k, v) for k, v in form.multi_items() if k != "sure" and isinstance(v, str)]
        return self.render(
            request,
            "sure.html",
            title="请确认",
            heading=heading,
            lines=lines,
            button=button,
            action=request.url.path,
            kept=kept,
            back=back,
        )

    def queue(self, posts) -> None:
        for post in posts:
            self.office.outbox.queue(post)

    # --- the result of a write -----------------------------------------------------------

    @signed_in
    async def done_page(self, request: Request) -> Response:
        done = self.office.desk_writes.result(request.path_params["key"])
        if done is None:
            return self.refuse(request, "没有这次提交的记录。", 404)
        return self.render(
            request, "done.html", title="已提交", done=done, repeat=request.query_params.get("repeat") == "1"
        )

    # --- record forms ----------------------------------------------------------------------

    def record_forms(self):
        return records.forms(self.office, self.office.clock.now().year)

    @signed_in
    async def record_page(self, request: Request) -> Response:
        return self.render(
            request, "record.html", title="登记", forms=self.record_forms(), failed=None, values={}, errors={}
        )

    @posted
    async def record(self, request: Request, form: FormData) -> Response:
        chosen = next((f for f in self.record_forms() if f.slug == request.path_params["slug"]), None)
        if chosen is None:
            return self.refuse(request, "没有这种登记。", 404)
        if chosen.slug == "reverse" and (asked := self.sure_reversal(request, form)):
            return asked
        try:
            return self.write(
                request, form, f"record:{chosen.slug}", lambda: chosen.run(self.office, request.state.admin, form)
            )
        except FieldError as exc:
            return self.render(
                request,
                "record.html",
                status=400,
                title="登记",
                forms=self.record_forms(),
                failed=chosen.slug,
                values=form,
                errors={exc.field: desk_worded(exc.error)},
            )

    def sure_reversal(self, request: Request, form: FormData) -> Response | None:
        """撤销 shows the fact it will cancel first (a form that will fail goes straight on to its error)."""
        given = text(form, "entry").lstrip("#")
        original = self.office.ledger.entry(int(given)) if given.isdigit() and 0 < int(given) < 2**63 else None
        if original is None or not text(form, "reason") or original.kind == REVERSAL:
            return None
        return self.sure(
            request,
            form,
            f"撤销记录 #{original.id}？",
            [
                f"{original.unit} {describe(original)}（{original.date:%Y-%m-%d}）",
                f"原因：{text(form, 'reason')}",
                "原记录保留，另记一条撤销记录；该单位的得分随之减去这一项。",
            ],
            f"确定撤销 #{original.id}",
            records.unit_location(original.unit, original.id),
        )

    # --- deduction proposals ------------------------------------------------------------------

    @posted
    async def confirm_proposal(self, request: Request, form: FormData) -> Response:
        pid = request.path_params["id"]

        def work():
            done = self.office.proposals.confirm([pid], request.state.admin)
            return "\n".join(
                f"扣分提议 #{p.id} 已确认。" + recorded(records.Front(self.office), e) for p, e in done
            ), records.unit_location(done[0][1].unit, done[0][1].id)

        return self.write(request, form, "proposal:confirm", work)

    @posted
    async def dismiss_proposal(self, request: Request, form: FormData) -> Response:
        pid, reason = request.path_params["id"], text(form, "reason")
        if not reason:
            return self.refuse(
                request, f"不扣分须写明原因：请在提议 #{pid} 旁的「原因」一栏填写（如「已电话报送」）。", 400
            )
        return self.write(
            request,
            form,
            "proposal:dismiss",
            lambda: (
                dismissed_text(self.office.proposals.dismiss([pid], request.state.admin, reason), reason),
                "/confirm",
            ),
        )

    # --- the confirm page: bindings, proposals, pledges ------------------------------------------

    @signed_in
    async def confirm_page(self, request: Request) -> Response:
        year = self.office.clock.now().year
        return self.render(
            request,
            "confirm.html",
            title="确认",
            bindings=self.office.members.roster(year)[1],
            pending=self.office.proposals.pending(),
            describe=self.office.proposals.describe,
            pledges=self.office.pledges.open(),
        )

    @posted
    async def confirm_binding(self, request: Request, form: FormData) -> Response:
        number = request.path_params["id"]
        return self.write(
            request,
            form,
            "binding:confirm",
            lambda: (confirm_one(self.office, request.state.admin, number), "/confirm"),
        )

    @posted
    async def reject_binding(self, request: Request, form: FormData) -> Response:
        number, reason = request.path_params["id"], text(form, "reason")

        def work():
            binding = self.office.members.reject(number, request.state.admin, reason)
            if binding.contact_id:
                self.queue([Outgoing(rejection_notice(binding, reason), contact_id=binding.contact_id)])
            return rejected(binding, reason), "/confirm"

        return self.write(request, form, "binding:reject", work)

    # --- compose, publish, withdraw --------------------------------------------------------

    @posted
    async def compose(self, request: Request, form: FormData) -> Response:
        editorial = self.office.editorial
        try:
            with field("publication"):
                pub = editorial.publication(text(form, "publication"))
            specs = articles(form, pub.grades)
            number = text(form, "number")

            def work():
                done = editorial.compose(pub.name, number, specs, request.state.admin)
                view = done.issue
                again = "，已替换原草稿" if done.replaced else ""
                return (
                    f"已组{view.label}（草稿{again}，尚未计分），共 {len(view.slots)} 篇 {len(view.items)} 条。"
                    f"{total(done.outcomes)}",
                    issue_href(view.publication, view.number),
                )

            return self.write(request, form, "compose", work)
        except UserError as exc:
            return self.refuse(request, desk_worded(exc), 400)

    @posted
    async def publish(self, request: Request, form: FormData) -> Response:
        p = request.path_params
        on = day(form, "date", self.office.clock.now().date())
        view = self.office.editorial.find(p["publication"], str(p["number"]))
        if view.status == "draft" and text(form, "version") != view.record.composed_at.isoformat():
            raise EntryError(f"{view.label}在您打开页面之后被重新组过，请看过新的预览后再刊发。")

        def work():
            done = self.office.editorial.publish(
                p["publication"], str(p["number"]), on, request.state.admin, again=ticked(form, "again")
            )
            posts, said = published_post(self.office, done)
            self.queue(posts)
            lines = [f"已刊发{done.issue.label}（{cn_day(on)}），登记 {len(done.outcomes)} 条采用："]
            lines += [
                f"#{o.entry.id} {o.entry.unit}《{o.entry.title}》{o.entry.grade} {worth(o)}" for o in done.outcomes
            ]
            lines.append(total(done.outcomes) + said)
            return "\n".join(lines), issue_href(done.issue.publication, done.issue.number)

        return self.write(request, form, "publish", work)

    @posted
    async def withdraw(self, request: Request, form: FormData) -> Response:
        p = request.path_params
        view = self.office.editorial.find(p["publication"], str(p["number"]))
        if view.status == "published" and text(form, "reason"):
            adopted = self.office.editorial.adoptions(view)
            asked = self.sure(
                request,
                form,
                f"撤刊{view.label}？",
                [
                    f"撤刊原因：{text(form, 'reason')}",
                    f"将撤销本期 {len(adopted)} 条采用（原记录保留，另记撤销）：",
                    *(f"#{o.entry.id} {o.entry.unit}《{o.entry.title}》{o.entry.grade} {worth(o)}" for o in adopted),
                    "并在群里公布撤刊（同 /撤刊）。",
                ],
                f"确定撤刊{view.label}",
                issue_href(view.publication, view.number),
            )
            if asked:
                return asked

        def work():
            done = self.office.editorial.withdraw(
                p["publication"], str(p["number"]), text(form, "reason"), request.state.admin
            )
            posts, said = withdrawn_post(self.office, done)
            self.queue(posts)
            return (
                f"已撤刊{done.issue.label}：撤销 {len(done.reversals)} 条采用，原因：{done.issue.record.withdraw_reason}。"
                f"{said}",
                issue_href(done.issue.publication, done.issue.number),
            )

        return self.write(request, form, "withdraw", work)

    @signed_in
    async def issue_docx(self, request: Request) -> Response:
        p = request.path_params
        view = self.office.editorial.find(p["publication"], str(p["number"]))
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "issue.docx"
            write_issue_docx(self.office.editorial.document(view), path)
            data = path.read_bytes()
        draft = "（草稿）" if view.status == "draft" else ""
        name = f"{view.publication}_第{view.number}期{draft}.docx"
        return Response(
            data,
            media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            headers={"content-disposition": f"attachment; filename*=UTF-8''{quote(name)}"},
        )

    # --- year end: the 共同任务 grid -------------------------------------------------------

    def grid_context(self, year: int, values=None, errors=None) -> dict:
        units = [u.name for u in self.office.config.units.assessed(year)]
        tasks = self.office.config.rules.for_year(year).common_tasks
        return {
            "year": year,
            "units": units,
            "tasks": tasks,
            "errors": errors or {},
            "values": values,
            "scores": self.office.common_tasks.grid(units, list(tasks), year),
        }

    @signed_in
    async def tasks_page(self, request: Request) -> Response:
        year = self.office.clock.now().year
        return self.render(request, "tasks.html", title=f"{year} 年共同任务", **self.grid_context(year))

    @posted
    async def save_tasks(self, request: Request, form: FormData) -> Response:
        year = self.office.clock.now().year
        ctx = self.grid_context(year)
        on = self.office.clock.now().date()
        changed, errors = [], {}
        for i, unit in enumerate(ctx["units"]):
            for j, task in enumerate(ctx["tasks"]):
                name = f"c-{i}-{j}"
                given, was = text(form, name), ctx["scores"].get((unit, task))
                if given == ("" if was is None else str(was)):
                    continue
                try:
                    if not given.isdigit():
                        raise EntryError(f"得分应为整数，如 8 或 8分，实际是「{given[:20]}」。")
                    self.office.drafts.common_task(unit, task, int(given), on)  # the maximum, as /共同任务 checks it
                    changed.append((unit, task, int(given)))
                except UserError as exc:
                    errors[name] = desk_worded(exc)
        if errors:
            return self.render(
                request,
                "tasks.html",
                status=400,
                title=f"{year} 年共同任务",
                **self.grid_context(year, values=form, errors=errors),
            )

        def work():
            for unit, task, points in changed:  # each the same correction /共同任务 makes
                self.office.common_tasks.score(unit, task, points, on, request.state.admin)
            return f"已保存 {len(changed)} 项共同任务得分（原登记已撤销、另记新分）。", "/yearend/tasks"

        return self.write(request, form, "common_tasks", work)


def articles(form: FormData, grades: list[str]) -> list[Spec]:
    """The ticked submissions as articles: the same 组 joins several into one 综合; ordered by 顺序 (then as
    listed); each article's title is the first one written among its submissions."""
    picked = [int(i) for i in form.getlist("pick") if isinstance(i, str) and i.isdigit()]
    if not picked:
        with field("pick"):
            raise EntryError("请勾选要组进本期的报送。")
    groups: dict[str, list[tuple[float, int]]] = {}
    for position, sid in enumerate(picked):
        order = text(form, f"order-{sid}")
        key = text(form, f"group-{sid}") or f"#{sid}"
        groups.setdefault(key, []).append(
            (float(order) if order.replace(".", "", 1).isdigit() else 1000 + position, sid)
        )
    specs = []
    for key, members in sorted(groups.items(), key=lambda kv: min(kv[1])):
        ids = [sid for _, sid in sorted(members)]
        grade = ROUNDUP if len(ids) > 1 else (text(form, f"grade-{ids[0]}") or grades[0])
        title = next((t for sid in ids if (t := text(form, f"title-{sid}"))), None)
        specs.append(Spec(grade, title, tuple(ids)))
    return specs


def write_routes(desk: Writes) -> list[Route]:
    return [
        Route("/done/{key}", desk.done_page),
        Route("/record", desk.record_page),
        Route("/record/{slug}", desk.record, methods=["POST"]),
        Route("/confirm", desk.confirm_page),
        Route("/bindings/{id:int}/confirm", desk.confirm_binding, methods=["POST"]),
        Route("/bindings/{id:int}/reject", desk.reject_binding, methods=["POST"]),
        Route("/proposals/{id:int}/confirm", desk.confirm_proposal, methods=["POST"]),
        Route("/proposals/{id:int}/dismiss", desk.dismiss_proposal, methods=["POST"]),
        Route("/compose", desk.compose, methods=["POST"]),
        Route("/issues/{publication}/{number:int}/publish", desk.publish, methods=["POST"]),
        Route("/issues/{publication}/{number:int}/withdraw", desk.withdraw, methods=["POST"]),
        Route("/issues/{publication}/{number:int}/docx", desk.issue_docx),
        Route("/yearend/tasks", desk.tasks_page),
        Route("/yearend/tasks", desk.save_tasks, methods=["POST"]),
    ]
