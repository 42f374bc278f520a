"""Agents who share the desk (name, ID number) and which one is current (settings agent.name / agent.id).

Records keep an agent's id, not their name, so renaming an agent follows through all their records, and
removing one from the list never rewrites history.
"""

from __future__ import annotations

import builtins

from deskassist import log
from deskassist.core.clock import stamp
from deskassist.core.errors import UserError
from deskassist.core.models import Agent
from deskassist.i18n import _
from deskassist.services.session import Session
from deskassist.storage.agents_repo import AgentsRepo

_log = log.get("notes")

NO_SUCH_AGENT = 0  # an id no agent row has (ids start at 1): a name nobody has reads as no records at all


class AgentService:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.repo = AgentsRepo(session.db)

    def list(self) -> list[Agent]:
        """The agent named in Settings is always there (typed in Settings or the first-run setup, their row
        may be off the list or not yet written)."""
        listed = self.repo.list()
        name = self.session.settings.get("agent.name").strip()
        if not name or any(agent.name == name for agent in listed):
            return listed
        return sorted([*listed, self.current()], key=lambda agent: agent.name)

    def _check(self, name: str) -> str:
        name = name.strip()
        if not name or len(name) > 32 or "\n" in name:
            raise UserError(_("An agent name needs 1 to 32 characters on one line"))
        return name

    def get(self, name: str) -> Agent:
        """A listed agent, or the one named in Settings (listed or not, with a row or not)."""
        name = name.strip()
        if name and name == self.session.settings.get("agent.name").strip():
            return self.current()
        found = self.repo.by_name(name)
        if found is None:
            raise UserError(_("No agent named {name}").format(name=name))
        return found

    def add(self, name: str, number: str = "") -> Agent:
        name = self._check(name)
        if self.repo.by_name(name) is not None:
            raise UserError(_("The agent {name} already exists").format(name=name))
        with self.session.db.atomic():
            agent_id = self.repo.id_of(name)
            if agent_id is None:
                agent_id = self.repo.insert(name, number.strip(), stamp(self.session.clock.now()))
            else:  # removed earlier, or known only from records: same id, so their records are theirs again
                self.repo.update(agent_id, name, number.strip())
                self.repo.set_listed(agent_id, True)
            self.session.changes.publish("agents", [agent_id])
        log.event(_log, "agent_added", agent_id=agent_id)
        return self.get(name)

    def update(self, name: str, new_name: str | None = None, number: str | None = None) -> Agent:
        agent = self.get(name)
        target = self._check(new_name) if new_name is not None else agent.name
        if target != agent.name and self.repo.id_of(target) is not None:
            raise UserError(_("The agent {name} already exists").format(name=target))
        with self.session.atomic():
            self.repo.update(agent.id, target, agent.number if number is None else number.strip())
            self.session.changes.publish("agents", [agent.id])
            if self.session.settings.get("agent.name") == agent.name:
                self.session.settings.set("agent.name", target)
                if number is not None:
                    self.session.settings.set("agent.id", number.strip())
        return self.get(target)

    def remove(self, name: str) -> Agent:
        """Take an agent off the desk's list; the row stays so their memos, notes and acks keep their name.
        The agent at the desk (named in Settings) stays: someone else sits down first."""
        agent = self.get(name)
        if agent.name == self.session.settings.get("agent.name").strip():
            raise UserError(_("{name} is at the desk: switch to another agent first").format(name=agent.name))
        with self.session.db.atomic():
            self.repo.set_listed(agent.id, False)
            self.session.changes.publish("agents", [agent.id])
        return agent

    def rename(self, name: str, new_name: str) -> Agent:
        """A new display name for the same agent: every record follows, as records keep the agent's id.
        The current agent stays current under the new name (one transaction with the setting)."""
        agent = self.repo.by_name(name.strip(), listed_only=False)
        if agent is None:
            raise UserError(_("No agent named {name}").format(name=name.strip()))
        target = self._check(new_name)
        if target == agent.name:
            return agent
        if self.repo.id_of(target) is not None:
            raise UserError(_("The agent {name} already exists").format(name=target))
        with self.session.db.atomic():
            self.repo.rename(agent.id, target)
            self.session.changes.publish("agents", [agent.id])
            if self.session.settings.get("agent.name").strip() == agent.name:
                self.session.settings.set("agent.name", target)
        log.event(_log, "agent_renamed", agent_id=agent.id)
        return self.repo.by_name(target, listed_only=False) or agent

    def current(self) -> Agent:
        name = self.session.settings.get("agent.name").strip()
        found = self.repo.by_name(name, listed_only=False) if name else None
        number = self.session.settings.get("agent.id")
        return Agent(found.id, found.name, found.number or number, found.created) if found else Agent(0, name, number)

    def switch_changes(self, name: str) -> builtins.list[tuple[str, str, str]]:
        """(setting key, now, after) for each setting switch(name) would change; [] for the agent at the desk."""
        agent = self.get(name)
        settings = self.session.settings
        return [(key, settings.get(key), new) for key, new in (("agent.name", agent.name), ("agent.id", agent.number))
                if settings.get(key) != new]

    def _keep_leaving_agent(self) -> None:
        """The agent named in Settings stays on the list with their ID number once someone else sits down."""
        name = self.session.settings.get("agent.name").strip()
        if not name:
            return
        number = self.session.settings.get("agent.id").strip()
        agent_id = self.repo.id_of(name)
        if agent_id is None:
            self.repo.insert(name, number, stamp(self.session.clock.now()))
        elif self.repo.by_name(name) is None:
            found = self.repo.by_name(name, listed_only=False)
            self.repo.update(agent_id, name, (found.number if found else "") or number)
            self.repo.set_listed(agent_id, True)

    def switch(self, name: str) -> Agent:
        """Name and ID number change together: a crash or a full disk never leaves one agent's name with
        another's number."""
        agent = self.get(name)
        with self.session.atomic():
            if agent.name != self.session.settings.get("agent.name").strip():
                self._keep_leaving_agent()
            self.session.settings.set("agent.name", agent.name)
            self.session.settings.set("agent.id", agent.number)
        log.event(_log, "agent_switched", agent_id=agent.id)
        return agent

    def resolve(self, name: str | None) -> str:
        return self.session.agent if name is None else self._check(name)


class AgentIds:
    """Agent names as the CLI, the windows and the settings give them -> the ids that records keep.

    "" (no agent configured) is no agent (NULL). Reading never writes; the first write by a name that has
    no agent row yet creates it (call for_writing inside the write's transaction).
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self.repo = AgentsRepo(session.db)

    def name(self, name: str | None) -> str:
        return (self.session.agent if name is None else name).strip()

    def for_reading(self, name: str | None) -> int | None:
        who = self.name(name)
        if not who:
            return None
        found = self.repo.id_of(who)
        return NO_SUCH_AGENT if found is None else found

    def for_writing(self, name: str | None) -> int | None:
        who = self.name(name)
        if not who:
            return None
        found = self.repo.id_of(who)
        if found is not None:
            return found
        agent_id = self.repo.insert(who, "", stamp(self.session.clock.now()), listed=False)
        self.session.changes.publish("agents", [agent_id])
        log.event(_log, "agent_added", agent_id=agent_id)
        return agent_id
