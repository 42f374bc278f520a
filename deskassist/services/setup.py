"""First-run setup: the agent's name, ID number, the shop and how buyers are addressed, asked once.

Until they are set, phrases come out without them; the setup window (ui) and `deskassist setup` (cli) both
call this service, so the answers land in one transaction with the agent listed on this desk.
"""

from __future__ import annotations

from dataclasses import dataclass

from deskassist import log
from deskassist.core.errors import UserError
from deskassist.core.templating import RenderContext, render
from deskassist.i18n import _
from deskassist.services.agents import AgentService
from deskassist.services.customers import check_salutation, shop_address
from deskassist.services.session import Session
from deskassist.storage.agents_repo import AgentsRepo
from deskassist.storage.phrases_repo import PhrasesRepo

_log = log.get("setup")
MAX_SHOP_CHARS = 60
SAMPLE_NICK = "tb_小王2024"


@dataclass
class SetupAnswers:
    agent_name: str = ""
    agent_id: str = ""
    shop: str = ""
    salutation: str = "亲"
    start_at_login: bool = True


class SetupService:
    def __init__(self, session: Session) -> None:
        self.session = session

    def needed(self) -> bool:
        """An install that already names its agent or shop (set before this window existed) is not asked."""
        settings = self.session.settings
        return not (settings.get("setup.done") or settings.get("agent.name") or settings.get("shop.name"))

    def answers(self) -> SetupAnswers:
        settings = self.session.settings
        return SetupAnswers(settings.get("agent.name"), settings.get("agent.id"), settings.get("shop.name"),
                            settings.get("buyer.salutation"), settings.get("ui.start_at_login")
                            or not settings.get("setup.done"))

    def complete(self, answers: SetupAnswers) -> None:
        name = answers.agent_name.strip()
        if not name:
            raise UserError(_("Write your name as buyers should see it"))
        shop = " ".join(answers.shop.split())
        if len(shop) > MAX_SHOP_CHARS:
            raise UserError(_("A shop name holds at most {max} characters").format(max=MAX_SHOP_CHARS))
        salutation = check_salutation(answers.salutation)
        agents = AgentService(self.session)
        with self.session.atomic():
            if AgentsRepo(self.session.db).by_name(name) is None:
                agents.add(name, answers.agent_id.strip())
            else:
                agents.update(name, number=answers.agent_id.strip())
            settings = self.session.settings
            settings.set("agent.name", name)
            settings.set("agent.id", answers.agent_id.strip())
            settings.set("shop.name", shop)
            settings.set("buyer.salutation", salutation)
            settings.set("ui.start_at_login", bool(answers.start_at_login))
            settings.set("setup.done", True)
        log.event(_log, "setup_completed", start_at_login=bool(answers.start_at_login))

    def greeting_preview(self, answers: SetupAnswers) -> str:
        """The first pinned phrase (the greeting in the default pack) rendered with these answers, for a buyer
        called SAMPLE_NICK: the setup window shows it while the agent types."""
        greeting = PhrasesRepo(self.session.db).phrase_by_pinned(1)
        if greeting is None:
            return ""
        context = RenderContext(agent=answers.agent_name.strip(), agent_id=answers.agent_id.strip(),
                                shop=" ".join(answers.shop.split()),
                                buyer=shop_address(answers.salutation, SAMPLE_NICK), now=self.session.clock.now())
        return render(greeting.body, context)

    def skip(self) -> None:
        self.session.settings.set("setup.done", True)
        log.event(_log, "setup_skipped")
