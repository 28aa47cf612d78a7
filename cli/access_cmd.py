"""``retrace`` commands for administrators: accounts, API keys and the audit chain.

    retrace users create NAME --role ROLE [--role ROLE ...]   (password from RETRACE_NEW_PASSWORD
                                                                or asked twice on the terminal)
    retrace users list | disable NAME | enable NAME | roles NAME --role ROLE ... | password NAME
    retrace keys create NAME --role ROLE [--days N]            (prints the key once)
    retrace keys list | revoke KEY_ID
    retrace audit verify | retrace audit list [--actor A] [--object ID] [--since T] [--until T]
    retrace identity migrate [--dry-run]     (legacy unkeyed id_hash → keyed, once per store)

These act on the store directly (whoever can run them can read the store's configuration, i.e.
is an administrator of the machine); each is written to the audit chain with actor ``cli``.
Hook into ``cli/main.py``: ``from cli.access_cmd import register; register(sub, COMMANDS)``.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from datetime import datetime
from typing import Any

from cli.common import run
from graph.config import Settings
from graph.model.enums import Role

__all__ = ["register"]

Command = Callable[[argparse.Namespace, Settings], int]
ROLES = [r.value for r in Role if r is not Role.public]


def _password(confirm: bool = True) -> str:
    pw = os.environ.get("RETRACE_NEW_PASSWORD")
    if pw:
        return pw
    if not sys.stdin.isatty():
        line = sys.stdin.readline().rstrip("\n")
        if line:
            return line
        raise ValueError("no password: set RETRACE_NEW_PASSWORD or type it on a terminal")
    pw = getpass.getpass("password: ")
    if confirm and getpass.getpass("again: ") != pw:
        raise ValueError("the two passwords differ")
    return pw


def _audited(action: str, fn: Callable[[Any], Any], object_ids: Callable[[Any], list[str]],
             params: dict[str, Any]) -> Callable[[Any], Any]:
    def work(store: Any) -> Any:
        from graph.access import audit
        from graph.stores.writes import ACTOR

        ACTOR.set("cli")
        res = fn(store)
        audit.record(store, actor="cli", role="admin", method="CLI", route=action,
                     object_ids=object_ids(res), params=params, outcome=0, action=action)
        return res

    return work


def _users(args: argparse.Namespace, settings: Settings) -> int:
    from graph.access import accounts as a

    act = args.action
    if act == "list":
        return run(args, settings, a.list_users, _show_rows)
    if act == "create":
        pw = _password()
        fn = lambda s: a.create_user(s, args.name, pw, args.role)  # noqa: E731
    elif act == "disable":
        fn = lambda s: a.disable_user(s, args.name, True)  # noqa: E731
    elif act == "enable":
        fn = lambda s: a.disable_user(s, args.name, False)  # noqa: E731
    elif act == "roles":
        fn = lambda s: a.set_user_roles(s, args.name, args.role)  # noqa: E731
    else:  # password
        pw = _password()
        def fn(s: Any) -> dict[str, Any]:
            a.set_password(s, args.name, pw)
            return {"id": args.name, "password": "changed"}
    params = {"name": args.name, "roles": getattr(args, "role", None)}
    return run(args, settings, _audited(f"users {act}", fn, lambda r: [f"user:{args.name}"], params), _show_one)


def _keys(args: argparse.Namespace, settings: Settings) -> int:
    from graph.access import accounts as a

    act = args.action
    if act == "list":
        return run(args, settings, a.list_keys, _show_rows)
    if act == "create":
        fn = lambda s: a.create_key(s, args.name, args.role, args.days)  # noqa: E731
        params = {"name": args.name, "roles": args.role, "days": args.days}
    else:
        fn = lambda s: a.revoke_key(s, args.key_id)  # noqa: E731
        params = {"key_id": args.key_id}
    return run(args, settings, _audited(f"keys {act}", fn, lambda r: [f"key:{r['id']}"], params), _show_one)


def _audit(args: argparse.Namespace, settings: Settings) -> int:
    from graph.access import audit

    if args.action == "verify":
        def show(res: dict[str, Any]) -> None:
            print(("chain intact: " if res["ok"] else "CHAIN BROKEN at entry ") +
                  (f"{res['entries']} entries" if res["ok"] else str(res["first_bad_seq"])))

        code = run(args, settings, audit.verify, show)
        return code
    return run(args, settings, lambda s: audit.query(
        s, actor=args.actor, object_id=args.object, since=args.since, until=args.until, limit=args.limit))


def _identity(args: argparse.Namespace, settings: Settings) -> int:
    from graph.access.identity import migrate_identity_hashes

    args._writes = not args.dry_run
    fn = lambda s: migrate_identity_hashes(s, settings.identity_secret, dry_run=args.dry_run)  # noqa: E731
    return run(args, settings, _audited("identity migrate", fn, lambda r: [], {"dry_run": args.dry_run}))


def _show_rows(rows: list[dict[str, Any]]) -> None:
    for r in rows:
        state = "disabled" if r.get("disabled") else "revoked" if r.get("revoked_at") else ""
        print(f"{r['id']}\t{','.join(r.get('roles', []))}\t{r.get('name', '')}\t{r.get('expires_at', '')}\t{state}")


def _show_one(r: dict[str, Any]) -> None:
    if "key" in r:
        print(f"API key (shown once; keep it secret): {r['key']}")
    print(f"{r['id']}\t{','.join(r.get('roles', []))}")


def register(sub: argparse._SubParsersAction, commands: dict[str, Command]) -> None:
    def js(s: argparse.ArgumentParser) -> argparse.ArgumentParser:
        s.add_argument("--json", action="store_true", help="print JSON")
        return s

    u = sub.add_parser("users", help="accounts of people (administrators only)")
    us = u.add_subparsers(dest="action", required=True)
    s = js(us.add_parser("create", help="create an account; password from RETRACE_NEW_PASSWORD or asked"))
    s.add_argument("name", help="the account's user name")
    s.add_argument("--role", action="append", required=True, choices=ROLES, help="a role (repeat for several)")
    js(us.add_parser("list", help="list accounts"))
    for act, what in (("disable", "disable an account"), ("enable", "enable an account again"),
                      ("password", "set a new password (RETRACE_NEW_PASSWORD or asked)")):
        js(us.add_parser(act, help=what)).add_argument("name", help="the account's user name")
    s = js(us.add_parser("roles", help="replace an account's roles"))
    s.add_argument("name", help="the account's user name")
    s.add_argument("--role", action="append", required=True, choices=ROLES, help="a role (repeat for several)")
    commands["users"] = _users

    k = sub.add_parser("keys", help="API keys of machine clients (administrators only)")
    ks = k.add_subparsers(dest="action", required=True)
    s = js(ks.add_parser("create", help="create a key (printed once)"))
    s.add_argument("name", help="the client's name")
    s.add_argument("--role", action="append", required=True, choices=ROLES, help="a role (repeat for several)")
    s.add_argument("--days", type=int, default=90, help="days until the key expires")
    js(ks.add_parser("list", help="list keys (never their secrets)"))
    js(ks.add_parser("revoke", help="revoke a key")).add_argument("key_id", help="the key's id")
    commands["keys"] = _keys

    a = sub.add_parser("audit", help="the audit log: verify the chain, list entries")
    as_ = a.add_subparsers(dest="action", required=True)
    js(as_.add_parser("verify", help="check the hash chain of the audit log"))
    s = js(as_.add_parser("list", help="list audit entries"))
    s.add_argument("--actor", help="only entries of this actor (user:NAME, key:ID, anonymous, cli)")
    s.add_argument("--object", help="only entries about this object id")
    s.add_argument("--since", type=datetime.fromisoformat, help="from this time (ISO 8601)")
    s.add_argument("--until", type=datetime.fromisoformat, help="until this time (ISO 8601)")
    s.add_argument("--limit", type=int, default=100, help="at most this many entries")
    commands["audit"] = _audit

    i = sub.add_parser("identity", help="identity hashes: rewrap legacy unkeyed hashes with the key")
    is_ = i.add_subparsers(dest="action", required=True)
    s = js(is_.add_parser("migrate", help="rewrap every Official.id_hash with RETRACE_IDENTITY_KEY (once)"))
    s.add_argument("--dry-run", action="store_true", help="count what would change, write nothing")
    commands["identity"] = _identity
