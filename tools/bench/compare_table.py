"""Renders the raw lines of tools/bench/compare.sh ("IMPL MODE BATCH JSON") as a Markdown table.

The fused deploy form and the ONNX Runtime run exist only here, so their ratio is taken against
upstream's deploy model. The "ours" column of infer-onnx is ONNX Runtime, not libtorch.
    python3 tools/bench/compare_table.py RAW.txt
"""
import json
import sys

rows = {}
for line in open(sys.argv[1]):
    impl, mode, b, js = line.split(" ", 3)
    if js.strip():
        rows[(impl, mode, int(b))] = json.loads(js)


def cell(r):
    if r is None:
        return "-"
    return "%.3f s, %.2f img/s, %.0f MB" % (r["median_s"], r["images_per_sec"], r["peak_rss_mb"])


print("| mode | batch | ours (DJL/libtorch) | upstream (PyTorch eager) | ours / upstream img/s |")
print("|---|---|---|---|---|")
for mode in ["infer-train", "infer-deploy", "infer-deploy-inplace", "infer-deploy-fused", "infer-onnx",
             "train-step"]:
    for b in [1, 16]:
        o, u = rows.get(("ours", mode, b)), rows.get(("upstream", mode, b))
        if o is None and u is None:
            continue
        ratio = "-"
        if mode in ("infer-deploy-fused", "infer-onnx") and o is not None:
            ud = rows.get(("upstream", "infer-deploy", b))
            if ud is not None:
                ratio = "%.2fx (vs upstream's infer-deploy)" % (o["images_per_sec"] / ud["images_per_sec"])
        elif o is not None and u is not None:
            ratio = "%.2fx" % (o["images_per_sec"] / u["images_per_sec"])
        print("| %s | %d | %s | %s | %s |" % (mode, b, cell(o), cell(u), ratio))
