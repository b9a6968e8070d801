#!/usr/bin/env python3
"""Check a Sail LoRA adapter and merged model against transformers + PEFT.

Usage:
    python scripts/peft_check.py BASE_DIR ADAPTER_DIR MERGED_DIR LOGPS_JSON [--tolerance 1e-4]
    python scripts/peft_check.py --all ARTEFACTS_DIR        # every case folder written by the test

LOGPS_JSON holds {"rows": [{"ids": [...], "prompt_length": P, "logp": X}, ...]}: Sail's sum of
log p(token | earlier tokens) over each row's tokens after the first P. The artefacts come from
LoraMergeTest with SAIL_PEFT_ARTEFACTS set (see the README, "LoRA").

Loads PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(BASE), ADAPTER) and
AutoModelForCausalLM.from_pretrained(MERGED) in float32, computes the same log-probabilities and
prints the largest absolute difference to Sail's for each, then PASS or FAIL at the tolerance.
Exit status 0 only when every check passes.
"""
import argparse
import json
import os
import sys

import torch
from peft import PeftModel
from transformers import AutoModelForCausalLM


def sequence_logps(model, rows):
    out = []
    with torch.no_grad():
        for row in rows:
            ids = torch.tensor([row["ids"]], dtype=torch.long)
            logits = model(input_ids=ids).logits.double()
            logp = torch.log_softmax(logits[0, :-1], dim=-1)
            targets = ids[0, 1:]
            per_token = logp.gather(1, targets.unsqueeze(1)).squeeze(1)
            out.append(per_token[row["prompt_length"] - 1:].sum().item())
    return out


def check(base, adapter, merged, logps_file, tolerance):
    with open(logps_file) as f:
        rows = json.load(f)["rows"]
    sail = [r["logp"] for r in rows]
    ok = True
    peft_model = PeftModel.from_pretrained(
        AutoModelForCausalLM.from_pretrained(base, torch_dtype=torch.float32), adapter).eval()
    merged_model = AutoModelForCausalLM.from_pretrained(merged, torch_dtype=torch.float32).eval()
    for name, model in (("peft adapter", peft_model), ("merged model", merged_model)):
        got = sequence_logps(model, rows)
        diff = max(abs(a - b) for a, b in zip(got, sail))
        passed = diff <= tolerance
        ok &= passed
        print(f"{logps_file}: {name}: max |logp - sail| = {diff:.3e} -> {'PASS' if passed else 'FAIL'} (tolerance {tolerance:g})")
    # The adapter must matter, or the check above proves nothing.
    plain = sequence_logps(AutoModelForCausalLM.from_pretrained(base, torch_dtype=torch.float32).eval(), rows)
    moved = max(abs(a - b) for a, b in zip(plain, sail))
    print(f"{logps_file}: base model without adapter differs from sail by {moved:.3e}"
          f" ({'adapter has an effect' if moved > 10 * tolerance else 'WARNING: adapter has no visible effect'})")
    return ok


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("paths", nargs="*")
    p.add_argument("--all", metavar="ARTEFACTS_DIR")
    p.add_argument("--tolerance", type=float, default=1e-4)
    a = p.parse_args()
    cases = []
    if a.all:
        for name in sorted(os.listdir(a.all)):
            d = os.path.join(a.all, name)
            f = os.path.join(d, "logps.json")
            if os.path.isfile(f):
                with open(f) as fh:
                    meta = json.load(fh)
                cases.append((meta["base"], meta["adapter"], meta["merged"], f))
    elif len(a.paths) == 4:
        cases.append(tuple(a.paths))
    else:
        p.error("give BASE_DIR ADAPTER_DIR MERGED_DIR LOGPS_JSON, or --all ARTEFACTS_DIR")
    if not cases:
        p.error("no case folder with a logps.json found")
    ok = all([check(*c, a.tolerance) for c in cases])
    print("PASS" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
