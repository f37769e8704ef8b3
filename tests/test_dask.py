"""The scale-out recipe (docs/scale.md): forms → partitioned Parquet → score_dask on a local
cluster of two workers, equal to scoring the same frame in one process."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

from indicator_frame import indicator_frame
from perfmodel import Policy, read_forms
from perfmodel.frame import score_dask, score_frame, write_parquet

pytestmark = pytest.mark.dask

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

SEEDS = Path(__file__).parent / "data" / "seeds"
sys.path.insert(0, str(Path(__file__).parent.parent))


def test_recipe_on_two_local_workers(tmp_path: Path) -> None:
    from bench.data import make_projects

    docs = [d for p in sorted(SEEDS.glob("*.txt")) for d in read_forms(p).documents]
    docs += make_projects(600, seed=11)  # 40 generated self-evaluations, 8% written rules
    frame = indicator_frame(docs)
    files = write_parquet(frame, tmp_path / "indicators", documents_per_file=10)
    assert len(files) > 2
    policy = Policy.provincial()
    expected = score_frame(frame, policy)

    ddf = dd.read_parquet(tmp_path / "indicators", dtype_backend="pyarrow")
    assert ddf.npartitions == len(files)
    # processes=False: two workers in this process (threads); the same code runs on a real
    # cluster with processes or on remote machines (docs/scale.md)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        assert len(client.scheduler_info()["workers"]) == 2
        got = score_dask(ddf, policy).compute()

    got = got.reset_index(drop=True)
    assert len(got) == len(expected)
    for column in ("status", "rule", "allocated"):
        assert got[column].astype(str).tolist() == expected[column].astype(str).tolist()
    assert got["points"].astype(str).tolist() == expected["points"].astype(str).tolist()
    assert got["met"].astype(str).tolist() == expected["met"].astype(str).tolist()

    def values(column: object) -> list[object]:
        return [None if v is None or v is pd.NA else v.normalize() for v in column]  # type: ignore[attr-defined]

    assert values(got["max_points"].tolist()) == values(expected["max_points"].tolist())
