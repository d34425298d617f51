"""Scale-out: extraction distributed over a Dask cluster, local or remote.

`extract_on_cluster` writes Parquet partitions (resumable, retried partitions
replace their files); `ingest_on_cluster` stores into the knowledge base from
the client. `run_extract_dask` and `run_ingest_dask` are the command line's
entry points (`readouts extract|ingest --engine dask`). The single-process
path stays in `readouts.extract` and `readouts.store`; nothing here changes them.
"""

from readouts.scale.cluster import (
    ExtractorPlugin,
    RunSummary,
    dask_client,
    extract_on_cluster,
    ingest_on_cluster,
)
from readouts.scale.partitions import Partition, Piece, plan_partitions, read_partition

__all__ = [
    "ExtractorPlugin", "Partition", "Piece", "RunSummary", "dask_client", "extract_on_cluster",
    "ingest_on_cluster", "plan_partitions", "read_partition",
]
