"""ImportChunk keeps staged columns as compact bytes and gives back exactly what it was given."""

from hypothesis import given
from hypothesis import strategies as st

from imports.models import ImportChunk

cells = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),  # beyond 8 bytes too: kept as JSON then
    st.booleans(),  # not whole numbers, though Python counts them as ints
    st.none(),
    st.text(max_size=20),
    st.floats(allow_nan=False, allow_infinity=False),
)


@given(st.lists(st.one_of(st.lists(st.integers(min_value=-(2**63), max_value=2**63 - 1)), st.lists(cells)), max_size=6))
def test_packed_columns_come_back_as_they_were_with_their_types(columns):
    unpacked = ImportChunk.unpack(ImportChunk.pack(columns))
    assert unpacked == columns
    assert [[type(value) for value in column] for column in unpacked] == [[type(value) for value in column] for column in columns]


def test_whole_number_columns_take_eight_bytes_a_value_before_compression():
    import zlib

    payload = zlib.decompress(ImportChunk.pack([list(range(1000)), ["a"] * 3]))
    assert len(payload) == (8 + 1 + 8 * 1000) + (8 + 1 + len('["a","a","a"]'))


@given(st.lists(st.integers(min_value=0, max_value=10**12)))
def test_numbers_kept_as_runs_come_back_in_their_order(numbers):
    runs = ImportChunk.runs(numbers)
    assert ImportChunk.expand(runs) == numbers
    assert all(count >= 1 for _first, count in runs)
    assert all(left[0] + left[1] != right[0] for left, right in zip(runs, runs[1:], strict=False))  # as few as can be


def test_consecutive_row_numbers_and_ids_take_one_run():
    assert ImportChunk.runs(list(range(4, 5004))) == [[4, 5000]]
    assert ImportChunk.runs([7, 8, 10, 9]) == [[7, 2], [10, 1], [9, 1]]


def test_the_migration_turns_stored_lists_into_the_same_runs():
    import importlib

    migration = importlib.import_module("imports.migrations.0005_import_chunk_runs")
    for numbers in ([], [3], [4, 5, 6, 9, 10, 2], list(range(100, 5100))):
        assert migration._runs(numbers) == ImportChunk.runs(numbers)
        assert migration._expand(ImportChunk.runs(numbers)) == numbers
