"""Turning a selection into published reports: kernels, execution, export, folders, batches.

To find:

* the project's Jupyter kernel, registered and checked -> `kernel`; kept warm -> `warm_kernel`
* a warm kernel's reset between reports, run in the kernel -> `kernel_reset`
* one report, as one sentence: parameters -> selection -> executed -> exported -> published ->
  the index: `render`, which calls, in order:
  * the inputs' snapshot and fingerprints (current or stale?) -> `fingerprint`
  * what one report shows of the data, as one hash, and the edition's changes -> `digest`
  * the notebook executed in a started kernel -> `execute`
  * offline HTML and the A4 PDF -> `export`; the report's `meta.json` -> `meta`
  * the report's folder name -> `naming`; the reports folder's index.html -> `index`
* publishing into folders: refuse, lock, swap, recover -> `folders`
* many reports under cron -> `batch`; a Dask scheduler's address checked first ->
  `dask_scheduler`; the summary mail -> `mail`; removing old reports -> `prune`
"""
