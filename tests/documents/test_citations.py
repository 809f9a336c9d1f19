import pytest
from hypothesis import given
from hypothesis import strategies as st

from mi_refs import CitationRegistry, format_cluster


@pytest.mark.parametrize(
    ("numbers", "cluster"),
    [
        ([1], "1"),
        ([1, 2], "1,2"),
        ([2, 1], "1,2"),
        ([1, 2, 3], "1-3"),
        ([1, 3, 4, 5], "1,3-5"),
        (list(range(4, 16)), "4-15"),
        ([16, 17, 18], "16-18"),
        ([20, 3], "3,20"),
        ([1, 2, 4, 5], "1,2,4,5"),
        ([1, 2, 3, 5, 6, 7, 9], "1-3,5-7,9"),
        ([3, 3, 3], "3"),
        ([], ""),
    ],
)
def test_format_cluster(numbers: list[int], cluster: str) -> None:
    assert format_cluster(numbers) == cluster


@given(st.sets(st.integers(min_value=1, max_value=60), min_size=1))
def test_cluster_expands_back_to_its_numbers(numbers: set[int]) -> None:
    expanded: set[int] = set()
    for part in format_cluster(numbers).split(","):
        first, _, last = part.partition("-")
        expanded.update(range(int(first), int(last or first) + 1))
    assert expanded == numbers


def test_registry_numbers_by_first_appearance_like_the_seed_letter() -> None:
    registry = CitationRegistry()
    assert registry.cluster("r1") == "1"
    assert registry.cluster("r2") == "2"
    assert registry.cluster("r3") == "3"
    assert registry.cluster(*(f"r{n}" for n in range(4, 16))) == "4-15"
    assert registry.cluster("r16", "r17", "r18") == "16-18"
    assert registry.cluster("r19") == "19"
    assert registry.cluster("r1") == "1"  # cited again: same number
    assert registry.cluster("r20") == "20"
    assert registry.cluster("r3", "r20") == "3,20"
    assert registry.keys == tuple(f"r{n}" for n in range(1, 21))
    assert len(registry) == 20
    assert registry.number("r7") == 7
    assert registry.number("unknown") is None
    assert "r20" in registry


def test_registry_seeded_with_an_order() -> None:
    registry = CitationRegistry(["b", "a"])
    assert registry.cite("a", "c") == (2, 3)
    assert list(registry) == ["b", "a", "c"]
