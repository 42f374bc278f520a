"""A phone number copied from a chat in full width (１３８１２３４５６７８, as a Chinese input method types it)
is stored in ASCII digits: shown masked as 138****5678 and found like any other number."""

from __future__ import annotations

from deskassist.services.customers import CustomerService


def test_full_width_phone_is_stored_in_ascii(empty_session) -> None:
    customers = CustomerService(empty_session)
    added = customers.add("张三", phone="＋８６ １３８１２３４５６７８")
    assert added.phone == "+86 13812345678"
    assert added.masked_phone == "+86****5678"
    updated = customers.update("张三", phone=" １３９－０００１－２２３３ ")
    assert updated.phone == "139-0001-2233"
    assert updated.masked_phone == "139****2233"
