"""Agents who share the desk (name, ID number) and which one is current (settings agent.name / agent.id).

API:
    class AgentService:
        def __init__(self, session: Session) -> None
        def list(self) -> list[Agent]
        def add(self, name, number="") -> Agent                 UserError on a duplicate or empty name
        def update(self, name, new_name=None, number=None) -> Agent
        def remove(self, name) -> Agent
        def current(self) -> Agent                              from settings (id 0 when not in the list)
        def switch(self, name) -> Agent                         writes agent.name and agent.id; UserError if unknown
        def resolve(self, name: str | None) -> str             the --agent value, or the current agent's name
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from deskassist import log
from deskassist.core.clock import stamp
from deskassist.core.errors import UserError
from deskassist.core.models import Agent
from deskassist.i18n import _
from deskassist.services.session import Session
from deskassist.storage.memos_repo import AgentsRepo

_log = log.get("notes")


class AgentService:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.repo = AgentsRepo(session.db)

    def list(self) -> list[Agent]:
        return self.repo.list()

    def _check(self, name: str) -> str:
        name = name.strip()
        if not name or len(name) > 32 or "\n" in name:
            raise UserError(_("An agent name needs 1 to 32 characters on one line"))
        return name

    def get(self, name: str) -> Agent:
        found = self.repo.by_name(name.strip())
        if found is None:
            raise UserError(_("No agent named {name}").format(name=name.strip()))
        return found

    def add(self, name: str, number: str = "") -> Agent:
        name = self._check(name)
        if self.repo.by_name(name) is not None:
            raise UserError(_("The agent {name} already exists").format(name=name))
        with self.session.db.atomic():
            agent_id = self.repo.insert(name, number.strip(), stamp(self.session.clock.now()))
        log.event(_log, "agent_added", agent_id=agent_id)
        return self.get(name)

    def update(self, name: str, new_name: str | None = None, number: str | None = None) -> Agent:
        agent = self.get(name)
        target = self._check(new_name) if new_name is not None else agent.name
        if target != agent.name and self.repo.by_name(target) is not None:
            raise UserError(_("The agent {name} already exists").format(name=target))
        with self._all_or_nothing():
            self.repo.update(agent.id, target, agent.number if number is None else number.strip())
            if self.session.settings.get("agent.name") == agent.name:
                self.session.settings.set("agent.name", target)
                if number is not None:
                    self.session.settings.set("agent.id", number.strip())
        return self.get(target)

    def remove(self, name: str) -> Agent:
        agent = self.get(name)
        with self.session.db.atomic():
            self.repo.delete(agent.id)
        return agent

    def current(self) -> Agent:
        name = self.session.settings.get("agent.name")
        found = self.repo.by_name(name) if name else None
        return found or Agent(0, name, self.session.settings.get("agent.id"))

    @contextmanager
    def _all_or_nothing(self) -> Iterator[None]:
        """One transaction; on failure the settings held in memory are read back (they may be half set)."""
        try:
            with self.session.db.atomic():
                yield
        except BaseException:
            self.session.settings.reload()
            raise

    def switch(self, name: str) -> Agent:
        """Name and ID number change together: a crash or a full disk never leaves one agent's name with
        another's number."""
        agent = self.get(name)
        with self._all_or_nothing():
            self.session.settings.set("agent.name", agent.name)
            self.session.settings.set("agent.id", agent.number)
        log.event(_log, "agent_switched", agent_id=agent.id)
        return agent

    def resolve(self, name: str | None) -> str:
        return self.session.agent if name is None else self._check(name)
