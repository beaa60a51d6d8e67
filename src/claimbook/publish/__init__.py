"""Turning a selection into published reports: kernels, execution, export, folders, batches.

To find:

* the project's Jupyter kernel, registered and checked -> `kernel`; kept warm -> `warm_kernel`
* one report: parameters -> notebook executed -> HTML/PDF -> published -> `render`
* what one report shows of the data, as one hash, and the edition's changes -> `digest`
* publishing into folders: refuse, lock, swap, recover -> `folders`
* many reports under cron -> `batch`; the summary mail -> `mail`; removing old reports -> `prune`
"""
