"""Uploads kept in an S3-compatible object store (AWS S3, MinIO, Ceph, R2...), by settings.

A stream is sent as a multipart upload in parts of `part_bytes` (memory holds one part), hashed
and counted on the way; an upload over the limit or interrupted is aborted, so no partial object
is left. The pipeline reads a local file: `local_path` downloads the object to a scratch file
for the length of a job.
"""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool

from service.calls.storage import Intake, Stored
from service.settings import S3Settings

MIN_PART_BYTES = 5 * 1024 * 1024  # S3's smallest part but the last


class S3Storage:
    def __init__(self, settings: S3Settings, client: Any = None) -> None:
        import boto3  # the `s3` extra; only needed when a bucket is set

        self.bucket = settings.bucket
        self.prefix = settings.prefix.strip("/")
        self.part_bytes = max(settings.part_bytes, MIN_PART_BYTES)
        self.client = client or boto3.client(
            "s3",
            endpoint_url=settings.endpoint_url,
            region_name=settings.region,
            aws_access_key_id=settings.access_key_id,
            aws_secret_access_key=(
                settings.secret_access_key.get_secret_value()
                if settings.secret_access_key
                else None
            ),
        )

    def name(self, key: str) -> str:
        return f"{self.prefix}/{key}" if self.prefix else key

    async def put(self, key: str, chunks: AsyncIterator[bytes], max_bytes: int) -> Stored:
        name = self.name(key)
        created = await run_in_threadpool(
            self.client.create_multipart_upload, Bucket=self.bucket, Key=name
        )
        upload_id = created["UploadId"]
        intake, buffer = Intake(key, max_bytes), bytearray()
        parts: list[dict[str, Any]] = []
        try:
            async for chunk in chunks:
                buffer += intake.take(chunk)
                if len(buffer) >= self.part_bytes:
                    parts.append(await self._part(name, upload_id, len(parts) + 1, bytes(buffer)))
                    buffer.clear()
            if buffer or not parts:
                parts.append(await self._part(name, upload_id, len(parts) + 1, bytes(buffer)))
            await run_in_threadpool(
                self.client.complete_multipart_upload,
                Bucket=self.bucket,
                Key=name,
                UploadId=upload_id,
                MultipartUpload={"Parts": parts},
            )
        except BaseException:
            await run_in_threadpool(
                self.client.abort_multipart_upload, Bucket=self.bucket, Key=name, UploadId=upload_id
            )
            raise
        return intake.stored()

    async def _part(self, name: str, upload_id: str, number: int, data: bytes) -> dict[str, Any]:
        answer = await run_in_threadpool(
            self.client.upload_part,
            Bucket=self.bucket,
            Key=name,
            UploadId=upload_id,
            PartNumber=number,
            Body=data,
        )
        return {"PartNumber": number, "ETag": answer["ETag"]}

    def local_path(self, key: str) -> AbstractContextManager[Path]:
        return self._downloaded(key)

    @contextmanager
    def _downloaded(self, key: str) -> Iterator[Path]:
        suffix = Path(key).suffix
        with tempfile.TemporaryDirectory(prefix="callplan-s3-") as folder:
            path = Path(folder) / f"object{suffix}"  # the suffix helps tell the format
            self.client.download_file(self.bucket, self.name(key), str(path))
            yield path

    def move(self, key: str, new_key: str) -> None:
        source = {"Bucket": self.bucket, "Key": self.name(key)}
        self.client.copy_object(Bucket=self.bucket, Key=self.name(new_key), CopySource=source)
        self.client.delete_object(Bucket=self.bucket, Key=self.name(key))

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self.name(key))  # no error if gone

    def exists(self, key: str) -> bool:
        found = self.client.list_objects_v2(Bucket=self.bucket, Prefix=self.name(key), MaxKeys=1)
        return any(o["Key"] == self.name(key) for o in found.get("Contents", []))

    def url(self, key: str, filename: str) -> str | None:
        """A link to the object that works for an hour (the recording player follows it)."""
        url: str = self.client.generate_presigned_url(
            "get_object",
            Params={
                "Bucket": self.bucket,
                "Key": self.name(key),
                "ResponseContentDisposition": f'inline; filename="{filename}"',
            },
            ExpiresIn=3600,
        )
        return url
