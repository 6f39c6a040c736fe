#!/usr/bin/env node
// Builds the bundled Fashion-MNIST demo dataset (ImageFolder layout) and the
// held-out Fashion-MNIST sample images from the official Fashion-MNIST IDX files.
//
// Source: the Debian package `dataset-fashion-mnist` (official Zalando IDX files,
// MIT/Expat, Copyright 2017 Zalando SE), installed at /usr/share/datasets/fashion-mnist,
// or unpacked without installing:
//   apt-get download dataset-fashion-mnist && dpkg -x dataset-fashion-mnist_*.deb /tmp/fmx
//   node assets/datasets/make_fashion_mnist_demo.mjs --src /tmp/fmx/usr/share/datasets/fashion-mnist
//
// Selection is deterministic, no randomness:
//   train/<class>/  the first --train-per-class images of each class, in file order,
//                   of the official TRAINING split (train-images-idx3-ubyte)
//   val/<class>/    the first --val-per-class images of each class, in file order,
//                   of the official TEST split (t10k-images-idx3-ubyte)
//   samples         the next --samples-per-class test-split images of each class after
//                   the ones used for val (so they are held out of train and val)
// File names carry the index of the image in its IDX file: train/bag/train_00012.png
// is image 12 of the training split; val/bag/test_00009.png is image 9 of the test split.
//
// Output PNGs: 28x28, 8-bit grayscale (colour type 0), no ancillary chunks, zlib level 9,
// smallest of the five PNG filter types. Needs only Node.js (>= 18); no npm packages.

import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const CLASSES = ['t-shirt_top', 'trouser', 'pullover', 'dress', 'coat',
  'sandal', 'shirt', 'sneaker', 'bag', 'ankle_boot'];

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');

function parseArgs(argv) {
  const opts = {
    src: '/usr/share/datasets/fashion-mnist',
    out: path.join(repoRoot, 'assets', 'datasets', 'fashion-mnist-demo'),
    samples: path.join(repoRoot, 'sample-images', 'fashion-mnist'),
    trainPerClass: 500,
    valPerClass: 100,
    samplesPerClass: 2,
  };
  const names = {
    '--src': 'src', '--out': 'out', '--samples': 'samples',
    '--train-per-class': 'trainPerClass', '--val-per-class': 'valPerClass',
    '--samples-per-class': 'samplesPerClass',
  };
  for (let i = 0; i < argv.length; i++) {
    const key = names[argv[i]];
    if (!key || i + 1 >= argv.length) {
      console.error(`usage: make_fashion_mnist_demo.mjs [--src DIR] [--out DIR] [--samples DIR]\n` +
        `  [--train-per-class N] [--val-per-class N] [--samples-per-class N]   (unknown: ${argv[i]})`);
      process.exit(2);
    }
    const v = argv[++i];
    opts[key] = typeof opts[key] === 'number' ? Number.parseInt(v, 10) : path.resolve(v);
  }
  return opts;
}

// ---- IDX reading -----------------------------------------------------------

function readMaybeGz(dir, base) {
  for (const name of [base, base + '.gz']) {
    const p = path.join(dir, name);
    if (fs.existsSync(p)) {
      const buf = fs.readFileSync(p);
      return buf[0] === 0x1f && buf[1] === 0x8b ? zlib.gunzipSync(buf) : buf;
    }
  }
  throw new Error(`missing ${base}[.gz] in ${dir}`);
}

function readImages(dir, base) {
  const b = readMaybeGz(dir, base);
  if (b.readUInt32BE(0) !== 0x00000803) throw new Error(`${base}: bad magic`);
  const n = b.readUInt32BE(4), rows = b.readUInt32BE(8), cols = b.readUInt32BE(12);
  if (rows !== 28 || cols !== 28 || b.length !== 16 + n * 784) throw new Error(`${base}: bad shape`);
  return { n, get: (i) => b.subarray(16 + i * 784, 16 + (i + 1) * 784) };
}

function readLabels(dir, base) {
  const b = readMaybeGz(dir, base);
  if (b.readUInt32BE(0) !== 0x00000801) throw new Error(`${base}: bad magic`);
  const n = b.readUInt32BE(4);
  if (b.length !== 8 + n) throw new Error(`${base}: bad length`);
  return b.subarray(8);
}

// ---- minimal PNG encoder (8-bit grayscale) ---------------------------------

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

function paeth(a, b, c) {
  const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

// Raw scanlines with one PNG filter type for every row (bpp = 1 for 8-bit gray).
function filtered(pixels, w, h, type) {
  const out = Buffer.alloc(h * (w + 1));
  for (let y = 0; y < h; y++) {
    out[y * (w + 1)] = type;
    for (let x = 0; x < w; x++) {
      const cur = pixels[y * w + x];
      const a = x > 0 ? pixels[y * w + x - 1] : 0;
      const b = y > 0 ? pixels[(y - 1) * w + x] : 0;
      const c = x > 0 && y > 0 ? pixels[(y - 1) * w + x - 1] : 0;
      const pred = [0, a, b, (a + b) >> 1, paeth(a, b, c)][type];
      out[y * (w + 1) + 1 + x] = (cur - pred) & 0xff;
    }
  }
  return out;
}

export function encodeGrayPng(pixels, w, h) {
  let best = null;
  for (let type = 0; type <= 4; type++) {
    const z = zlib.deflateSync(filtered(pixels, w, h, type), { level: 9, memLevel: 9 });
    if (!best || z.length < best.length) best = z;
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;  // bit depth
  ihdr[9] = 0;  // colour type: grayscale
  ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0; // compression, filter, interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', best), chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---- selection and output --------------------------------------------------

// Indices (in file order) of the images of each class, limited to `upto` per class.
function firstPerClass(labels, upto) {
  const per = CLASSES.map(() => []);
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i];
    if (l > 9) throw new Error(`label ${l} out of range at ${i}`);
    if (per[l].length < upto) per[l].push(i);
  }
  per.forEach((idx, c) => {
    if (idx.length < upto) throw new Error(`class ${CLASSES[c]} has only ${idx.length} images`);
  });
  return per;
}

function resetDir(dir) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
}

function main() {
  const o = parseArgs(process.argv.slice(2));
  const train = readImages(o.src, 'train-images-idx3-ubyte');
  const trainLabels = readLabels(o.src, 'train-labels-idx1-ubyte');
  const test = readImages(o.src, 't10k-images-idx3-ubyte');
  const testLabels = readLabels(o.src, 't10k-labels-idx1-ubyte');
  if (train.n !== trainLabels.length || test.n !== testLabels.length) throw new Error('image/label count mismatch');

  const trainIdx = firstPerClass(trainLabels, o.trainPerClass);
  const testIdx = firstPerClass(testLabels, o.valPerClass + o.samplesPerClass);

  fs.mkdirSync(o.out, { recursive: true });
  fs.writeFileSync(path.join(o.out, 'classes.txt'), CLASSES.join('\n') + '\n');

  let files = 0, bytes = 0;
  const write = (file, pixels) => {
    const png = encodeGrayPng(pixels, 28, 28);
    fs.writeFileSync(file, png);
    files++; bytes += png.length;
  };
  const pad = (i) => String(i).padStart(5, '0');

  for (const [split, src, prefix, per] of [
    ['train', train, 'train', trainIdx],
    ['val', test, 'test', testIdx.map((idx) => idx.slice(0, o.valPerClass))],
  ]) {
    resetDir(path.join(o.out, split));
    CLASSES.forEach((name, c) => {
      const dir = path.join(o.out, split, name);
      fs.mkdirSync(dir);
      for (const i of per[c]) write(path.join(dir, `${prefix}_${pad(i)}.png`), src.get(i));
    });
  }

  if (o.samplesPerClass > 0) {
    resetDir(o.samples);
    const lines = [];
    CLASSES.forEach((name, c) => {
      testIdx[c].slice(o.valPerClass).forEach((i, k) => {
        const file = `${name}-${k + 1}.png`;
        write(path.join(o.samples, file), test.get(i));
        lines.push(`${file}\t${i}\t${c}\t${name}`);
      });
    });
    fs.writeFileSync(path.join(o.samples, 'SOURCES.tsv'),
      'file\ttest_split_index\tlabel\tclass\n' + lines.join('\n') + '\n');
  }

  console.log(`train: ${o.trainPerClass}/class, val: ${o.valPerClass}/class, samples: ${o.samplesPerClass}/class`);
  console.log(`wrote ${files} PNGs, ${bytes} bytes of PNG data`);
}

main();
