#!/usr/bin/env python3
"""Writes an OCI image layout holding one image for the registry benchmark, named REF in index.json.

Shapes: "five" is five layers of 100 MB of random bytes (incompressible, as most real layer content
is after compression); "files" is one layer of 20,000 small text files (about 200 MB of tar).
Layers are written straight into a tar and gzip stream, so making them costs no filesystem churn.
"""
import gzip
import hashlib
import io
import json
import os
import random
import sys
import tarfile


def add_blob(layout, data_or_path):
    blobs = os.path.join(layout, "blobs", "sha256")
    os.makedirs(blobs, exist_ok=True)
    if isinstance(data_or_path, bytes):
        digest = hashlib.sha256(data_or_path).hexdigest()
        with open(os.path.join(blobs, digest), "wb") as out:
            out.write(data_or_path)
        return "sha256:" + digest, len(data_or_path)
    h = hashlib.sha256()
    with open(data_or_path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    digest = h.hexdigest()
    size = os.path.getsize(data_or_path)
    os.replace(data_or_path, os.path.join(blobs, digest))
    return "sha256:" + digest, size


class HashingWriter(io.RawIOBase):
    """Hashes the uncompressed tar (the diff ID) on its way into gzip."""

    def __init__(self, target):
        self.target = target
        self.hash = hashlib.sha256()

    def writable(self):
        return True

    def write(self, b):
        self.hash.update(b)
        self.target.write(b)
        return len(b)


def layer(layout, name, entries):
    tmp = os.path.join(layout, name + ".tmp")
    with open(tmp, "wb") as raw:
        with gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=1, mtime=0) as gz:
            hashing = HashingWriter(gz)
            with tarfile.open(fileobj=hashing, mode="w|", format=tarfile.PAX_FORMAT) as tar:
                for path, data in entries:
                    info = tarfile.TarInfo(path)
                    info.size = len(data)
                    info.mtime = 1700000000
                    info.mode = 0o644
                    tar.addfile(info, io.BytesIO(data))
    diff_id = "sha256:" + hashing.hash.hexdigest()
    digest, size = add_blob(layout, tmp)
    return {"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": digest, "size": size}, diff_id


def main():
    layout, shape, ref = sys.argv[1], sys.argv[2], sys.argv[3]
    os.makedirs(layout, exist_ok=True)
    with open(os.path.join(layout, "oci-layout"), "w") as f:
        f.write('{"imageLayoutVersion":"1.0.0"}')
    rng = random.Random(42)
    layers, diff_ids = [], []
    if shape == "five":
        for i in range(5):
            descriptor, diff_id = layer(layout, "layer%d" % i, [("data/blob%d" % i, rng.randbytes(100 * 1024 * 1024))])
            layers.append(descriptor)
            diff_ids.append(diff_id)
    elif shape == "files":
        alphabet = b"abcdefghijklmnopqrstuvwxyz0123456789 \n"
        def files():
            for i in range(20000):
                size = rng.randint(2000, 18000)
                yield "srv/tree/%02d/%03d/file%05d.txt" % (i % 50, (i // 50) % 400, i), bytes(
                    rng.choices(alphabet, k=size))
        descriptor, diff_id = layer(layout, "files", files())
        layers.append(descriptor)
        diff_ids.append(diff_id)
    else:
        sys.exit("unknown shape " + shape)
    config = json.dumps({
        "architecture": "amd64", "os": "linux", "created": "2024-01-01T00:00:00Z",
        "config": {"Cmd": ["/bin/sh"]},
        "rootfs": {"type": "layers", "diff_ids": diff_ids},
        "history": [{"created": "2024-01-01T00:00:00Z", "created_by": "bench"} for _ in diff_ids],
    }, separators=(",", ":")).encode()
    config_digest, config_size = add_blob(layout, config)
    manifest = json.dumps({
        "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": config_digest,
                   "size": config_size},
        "layers": layers,
    }, separators=(",", ":")).encode()
    manifest_digest, manifest_size = add_blob(layout, manifest)
    index = {"schemaVersion": 2, "manifests": [{
        "mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": manifest_digest,
        "size": manifest_size, "annotations": {"org.opencontainers.image.ref.name": ref}}]}
    with open(os.path.join(layout, "index.json"), "w") as f:
        json.dump(index, f)
    print(manifest_digest)


if __name__ == "__main__":
    main()
