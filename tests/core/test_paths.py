"""The materialized-path arithmetic every app relies on (core.scoping)."""
from core.scoping import (
    STEP,
    ancestor_path_at,
    ancestor_paths,
    common_ancestor,
    outermost_paths,
    path_depth,
    path_step,
)


def p(*ids):
    return "".join(path_step(i) for i in ids)


def test_path_depth():
    assert path_depth(p(1)) == 1
    assert path_depth(p(1, 20, 300)) == 3
    assert path_depth("") == 0


def test_ancestor_paths_root_first_and_self_last():
    assert ancestor_paths(p(1, 20, 300)) == [p(1), p(1, 20), p(1, 20, 300)]
    assert ancestor_paths(p(7)) == [p(7)]


def test_ancestor_paths_without_self():
    assert ancestor_paths(p(1, 20, 300), include_self=False) == [p(1), p(1, 20)]
    assert ancestor_paths(p(7), include_self=False) == []


def test_ancestor_paths_cut_on_step_boundaries_only():
    # ids whose digits look alike must not make a prefix match inside a step
    paths = ancestor_paths(p(11, 111))
    assert all(len(path) % STEP == 0 for path in paths)
    assert paths == [p(11), p(11, 111)]


def test_ancestor_path_at():
    path = p(1, 20, 300)
    assert ancestor_path_at(path, 1) == p(1)
    assert ancestor_path_at(path, 2) == p(1, 20)
    assert ancestor_path_at(path, 3) == path
    assert ancestor_path_at(path, 4) is None


def test_common_ancestor_of_cousins_is_their_grandparent():
    assert common_ancestor([p(1, 2, 3), p(1, 2, 4), p(1, 2, 5, 6)]) == p(1, 2)


def test_common_ancestor_of_a_node_and_its_descendant_is_the_node():
    assert common_ancestor([p(1, 2), p(1, 2, 3, 4)]) == p(1, 2)
    assert common_ancestor([p(1, 2, 3)]) == p(1, 2, 3)


def test_common_ancestor_compares_whole_steps():
    # 00000012 and 00000013 share their first seven characters, not a step
    assert common_ancestor([p(1, 12), p(1, 13)]) == p(1)


def test_common_ancestor_of_separate_trees_is_empty():
    assert common_ancestor([p(1, 2), p(3, 4)]) == ""
    assert common_ancestor([]) == ""


def test_outermost_paths_drops_descendants_and_duplicates():
    paths = [p(1, 2, 3), p(1, 5), p(1, 2), p(1, 2), p(1, 5, 6), p(9)]
    assert outermost_paths(paths) == [p(1, 2), p(1, 5), p(9)]


def test_outermost_paths_keeps_siblings_whose_ids_share_a_prefix():
    assert outermost_paths([p(1, 1), p(1, 10)]) == [p(1, 1), p(1, 10)]
