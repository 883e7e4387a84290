#!/usr/bin/env python3
"""Full-size parity: a 2B-shaped formula model run by Cortex (cortex-cli) and by transformers, both in
bfloat16 on the GPU, over long texts (1,000+ tokens) and 512x512 images. Prints the cosine per input and
exits non-zero if any is below 0.99.

Usage (GPU machine): compare_transformers.py --model DIR --cli build-cuda/bin/cortex-cli
The prompt and image preprocessing come from the fixture's make_reference.py, the reference itself.
"""
import argparse, json, os, subprocess, sys, tempfile

import numpy as np
import torch
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "data", "qwen3vl"))
import make_reference as ref  # noqa: E402

MAX_PIXELS = 1843200  # the official embedder's limit, Cortex's default


def long_text(seed, words=900):
    rng = np.random.default_rng(seed)
    vocab = ("revenue quarter growth chart region cloud service margin forecast customer product market "
             "analysis report figure table increase decrease annual europe asia america data model").split()
    return " ".join(rng.choice(vocab, words)) + "."


def picture(path, seed):
    y, x = np.mgrid[0:512, 0:512]
    img = np.stack([(x * 255 // 511), (y * 255 // 511), ((x + y + seed) * 37) % 256], -1).astype(np.uint8)
    img[100:300, 50 + seed * 10:250] = [220, 30, 30]
    Image.fromarray(img, "RGB").save(path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--cli", required=True)
    args = ap.parse_args()
    from tokenizers import Tokenizer
    from transformers import Qwen3VLForConditionalGeneration

    torch.set_grad_enabled(False)
    model = Qwen3VLForConditionalGeneration.from_pretrained(args.model, dtype=torch.bfloat16).cuda().eval()
    tok = Tokenizer.from_file(os.path.join(args.model, "tokenizer.json"))
    pp = json.load(open(os.path.join(args.model, "preprocessor_config.json")))
    pp["min_pixels"], pp["max_pixels"] = 4096, MAX_PIXELS
    pad = tok.token_to_id("<|image_pad|>")
    eot = tok.token_to_id("<|endoftext|>")

    tmp = tempfile.mkdtemp()
    cases = [{"text": long_text(s), "images": []} for s in range(3)]
    for s in range(2):
        path = os.path.join(tmp, f"img{s}.png")
        picture(path, s)
        cases.append({"text": "", "images": [path]})
    cases.append({"text": long_text(9, 400), "images": [os.path.join(tmp, "img0.png")]})

    worst = 1.0
    for i, case in enumerate(cases):
        prompt = ref.embed_prompt(case["text"], case["images"], None)
        processed = [ref.preprocess(ref.load_rgb(p), pp) for p in case["images"]]
        ids = []
        k = 0
        for t in tok.encode(prompt, add_special_tokens=False).ids:
            if t == pad:
                thw = processed[k][1]
                ids += [pad] * (thw[0] * thw[1] * thw[2] // 4)
                k += 1
            else:
                ids.append(t)
        ids.append(eot)
        kw = {"input_ids": torch.tensor([ids]).cuda(), "attention_mask": torch.ones(1, len(ids), dtype=torch.long).cuda()}
        if processed:
            kw["pixel_values"] = torch.cat([p[0] for p in processed]).cuda()
            kw["image_grid_thw"] = torch.tensor([p[1] for p in processed]).cuda()
            kw["mm_token_type_ids"] = (kw["input_ids"] == pad).long()
        h = model.model(**kw).last_hidden_state[0, -1].float()
        expected = torch.nn.functional.normalize(h, dim=-1).cpu()

        cmd = [args.cli, "embed", "--model", args.model, "--device", "cuda", "--dtype", "bfloat16", "--json"]
        if case["text"]:
            cmd += ["--text", case["text"]]
        for p in case["images"]:
            cmd += ["--image", p]
        out = subprocess.run(cmd, capture_output=True, text=True)
        if out.returncode != 0:
            print(f"case {i}: cortex-cli failed: {out.stderr.strip()}")
            return 1
        actual = torch.tensor(json.loads(out.stdout)["embedding"])
        cos = float(torch.nn.functional.cosine_similarity(actual, expected, dim=0))
        worst = min(worst, cos)
        print(f"case {i}: {len(ids)} tokens, {len(case['images'])} image(s): cosine {cos:.6f}")
    print(f"worst cosine {worst:.6f} (required >= 0.99)")
    return 0 if worst >= 0.99 else 1


if __name__ == "__main__":
    sys.exit(main())
