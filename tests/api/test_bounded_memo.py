"""The per-process memo behind the generation memos and the fields each request shows: each
key computed once, never more than its size kept, nothing kept of a computation that failed."""

import pytest

from api.bounded_memo import BoundedMemo


def test_a_key_is_computed_once():
    memo, calls = BoundedMemo(4), []
    for _ in range(3):
        assert memo.get("a", lambda: calls.append("a") or 1) == 1
    assert calls == ["a"]


def test_a_full_memo_forgets_its_keys_instead_of_growing():
    memo = BoundedMemo(4)
    for key in range(10):
        assert memo.get(key, lambda key=key: key * 2) == key * 2
        assert len(memo.values) <= 4
    assert memo.get(9, lambda: "computed again") == 18  # the newest key is kept


def test_a_computation_that_fails_leaves_nothing_behind():
    memo = BoundedMemo(4)

    def refuse():
        raise ValueError("bad fields")

    with pytest.raises(ValueError):
        memo.get("bad", refuse)
    assert "bad" not in memo.values
    assert memo.get("bad", lambda: "fine now") == "fine now"


def test_a_value_that_no_longer_holds_is_computed_again_in_its_place():
    memo, now = BoundedMemo(2), [1]
    memo.get("other", lambda: 0)
    valid_until = memo.get("count", lambda: 5, holds=lambda until: now[0] <= until)
    now[0] = 6
    assert memo.get("count", lambda: 99, holds=lambda until: now[0] <= until) == 99
    assert valid_until == 5
    assert memo.values == {"other": 0, "count": 99}  # replaced, the memo not emptied
