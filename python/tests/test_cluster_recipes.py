"""The cluster recipes of docs/PYTHON.md are what the tools accept (issue 16).

The Slurm recipe's code, run up to its ``cluster.scale`` (dask-jobqueue writes a job script
without a batch system; nothing is submitted), gives a job script that activates the venv, sets
the thread count and the table cache, and starts workers whose Dask threads and rayon threads
together use the node's cores once; the PBS variant the page describes likewise. The
Kubernetes recipe needs a cluster and is not run here (dask-kubernetes' client library also
pins a python-dateutil that the output tests' czml3 refuses)."""

import os
import re
from pathlib import Path

import pytest

jq = pytest.importorskip("dask_jobqueue")

DOC = Path(__file__).resolve().parents[2] / "docs" / "PYTHON.md"


def _python_block(containing: str) -> str:
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(), flags=re.S)
    found = [b for b in blocks if containing in b]
    assert len(found) == 1, f"one python block of docs/PYTHON.md holds {containing!r}"
    return found[0]


def _threads(script: str):
    """(worker processes, Dask threads per process, rayon threads) of a job script."""
    # dask-jobqueue writes --nworkers only for more than one process per job.
    many = re.search(r"--nworkers (\d+)", script)
    workers = int(many.group(1)) if many else 1
    nthreads = int(re.search(r"--nthreads (\d+)", script).group(1))
    rayon = int(re.search(r"export RAYON_NUM_THREADS=(\d+)", script).group(1))
    return workers, nthreads, rayon


def _check_cores(script: str, cores: int):
    workers, nthreads, rayon = _threads(script)
    # Each worker process's shards share its rayon pool: the node's cores are used once when
    # the processes' pools add up to them, and several Dask threads never queue for a pool of
    # one thread.
    assert workers * rayon == cores, script
    assert nthreads == 1 or rayon >= nthreads, script
    assert "source ~/shieldsim-venv/bin/activate" in script
    assert "export SHIELDSIM_CACHE_DIR=" in script


def _job_script(head: str) -> str:
    """The job script of the cluster the recipe code ``head`` builds (nothing submitted)."""
    scope = {}
    exec(compile(head, str(DOC), "exec"), scope)
    cluster = scope["cluster"]
    try:
        return cluster.job_script()
    finally:
        cluster.close()


def test_slurm_recipe_writes_a_job_script():
    code = _python_block("SLURMCluster(")
    script = _job_script(code[: code.index("cluster.scale")])
    assert "#SBATCH -p compute" in script and "#SBATCH -A my-project" in script, script
    assert "#SBATCH -t 02:00:00" in script, script
    cores = int(re.search(r"#SBATCH --cpus-per-task=(\d+)", script).group(1))
    _check_cores(script, cores)


def test_pbs_variant_writes_a_job_script():
    # The page's PBS line: the same arguments, and the resource spec it names.
    text = DOC.read_text()
    spec = re.search(r'`resource_spec="([^"]+)"`', text).group(1)
    code = _python_block("SLURMCluster(")
    head = code[: code.index("cluster.scale")].replace("SLURMCluster(", "PBSCluster(", 1)
    head = head.replace("from dask_jobqueue import SLURMCluster", "from dask_jobqueue import PBSCluster")
    head = head.replace("account=", f"resource_spec={spec!r}, account=", 1)
    script = _job_script(head)
    assert f"#PBS -l {spec}" in script, script
    assert "#PBS -q compute" in script and "#PBS -A my-project" in script, script
    cores = int(re.search(r"ncpus=(\d+)", spec).group(1))
    _check_cores(script, cores)


def test_laptop_recipe_sets_one_rayon_thread_per_worker():
    code = _python_block("LocalCluster(")
    assert 'os.environ["RAYON_NUM_THREADS"] = "1"' in code
    assert "threads_per_worker=1" in code
    assert code.index("RAYON_NUM_THREADS") < code.index("LocalCluster(n_workers")
