// A small S3-compatible server for tests: path-style PUT/GET/HEAD/DELETE of objects kept in
// memory, with every request's AWS Signature Version 4 checked against the configured keys, so
// the real @aws-sdk/client-s3 talks to it over real HTTP exactly as it would to S3 or MinIO.
import { createHash, createHmac } from "node:crypto";
import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface S3ServerOptions {
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  region?: string;
  port?: number;
  host?: string;
}

export interface StoredS3Object {
  body: Buffer;
  contentType: string;
}

export interface S3RequestRecord {
  method: string;
  key: string;
  status: number;
}

export interface TestS3Server {
  /** The endpoint to give the SDK (with forcePathStyle). */
  url: string;
  port: number;
  objects: Map<string, StoredS3Object>;
  /** Every request in order, with the status it got. */
  requests: S3RequestRecord[];
  stop(): Promise<void>;
}

const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");
const hmac = (key: Buffer | string, data: string) => createHmac("sha256", key).update(data).digest();
// RFC 3986 unreserved characters stay; everything else is percent-encoded, as SigV4 requires.
const uriEncode = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Starts the stub on a free port (or `port`); stop() closes it. */
export async function startS3Server(options: S3ServerOptions): Promise<TestS3Server> {
  const region = options.region ?? "us-east-1";
  const objects = new Map<string, StoredS3Object>();
  const requests: S3RequestRecord[] = [];

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url ?? "/", "http://stub");
      const [, bucket = "", ...rest] = url.pathname.split("/");
      const key = rest.map((part) => decodeURIComponent(part)).join("/");
      const reply = (status: number, headers: Record<string, string | number> = {}, payload?: Buffer | string) => {
        requests.push({ method: req.method ?? "", key, status });
        res.writeHead(status, headers);
        res.end(req.method === "HEAD" ? undefined : payload);
      };
      const error = (status: number, code: string, message: string) =>
        reply(
          status,
          { "content-type": "application/xml" },
          `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
        );

      const authProblem = checkSignature(req, url, body, { ...options, region });
      if (authProblem) return error(403, authProblem.code, authProblem.message);
      if (decodeURIComponent(bucket) !== options.bucket)
        return error(404, "NoSuchBucket", "The specified bucket does not exist");
      if (!key) return error(400, "InvalidRequest", "This stub only handles objects");

      switch (req.method) {
        case "PUT":
          objects.set(key, { body, contentType: req.headers["content-type"] ?? "binary/octet-stream" });
          return reply(200, { etag: `"${createHash("md5").update(body).digest("hex")}"` });
        case "GET":
        case "HEAD": {
          const object = objects.get(key);
          if (!object) return error(404, "NoSuchKey", "The specified key does not exist.");
          return reply(200, { "content-type": object.contentType, "content-length": object.body.length }, object.body);
        }
        case "DELETE":
          objects.delete(key);
          return reply(204);
        default:
          return error(405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
      }
    });
  });

  server.listen(options.port ?? 0, options.host ?? "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? "127.0.0.1"}:${port}`,
    port,
    objects,
    requests,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

type Problem = { code: string; message: string } | null;

/** Recomputes the request's SigV4 signature (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html). */
function checkSignature(
  req: http.IncomingMessage,
  url: URL,
  body: Buffer,
  keys: S3ServerOptions & { region: string },
): Problem {
  const authorization = req.headers.authorization ?? "";
  const match =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/.exec(
      authorization,
    );
  if (!match)
    return { code: "AccessDenied", message: "Missing or malformed AWS Signature Version 4 Authorization header" };
  const [, accessKeyId, day, region, signedHeaderList, signature] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (accessKeyId !== keys.accessKeyId)
    return { code: "InvalidAccessKeyId", message: "The AWS access key Id you provided does not exist in our records." };
  if (region !== keys.region)
    return {
      code: "AuthorizationHeaderMalformed",
      message: `the region '${region}' is wrong; expecting '${keys.region}'`,
    };

  const amzDate = String(req.headers["x-amz-date"] ?? "");
  const payloadHash = String(req.headers["x-amz-content-sha256"] ?? "");
  if (!amzDate.startsWith(day))
    return { code: "AccessDenied", message: "x-amz-date does not match the credential scope" };
  if (!payloadHash) return { code: "InvalidRequest", message: "Missing x-amz-content-sha256" };
  if (payloadHash !== "UNSIGNED-PAYLOAD" && payloadHash !== sha256(body))
    return {
      code: "XAmzContentSHA256Mismatch",
      message: "The provided 'x-amz-content-sha256' header does not match what was computed.",
    };

  const signedHeaders = signedHeaderList.split(";");
  const canonicalHeaders = signedHeaders.map((name) => {
    const value = req.headers[name];
    const text = Array.isArray(value) ? value.join(",") : (value ?? "");
    return `${name}:${text.trim().replace(/\s+/g, " ")}\n`;
  });
  const canonicalQuery = [...url.searchParams]
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : 1) : a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  const canonicalRequest = [
    req.method,
    url.pathname,
    canonicalQuery,
    canonicalHeaders.join(""),
    signedHeaderList,
    payloadHash,
  ].join("\n");
  const scope = `${day}/${region}/s3/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256(canonicalRequest)].join("\n");
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${keys.secretAccessKey}`, day), region), "s3"), "aws4_request");
  const expected = createHmac("sha256", signingKey).update(stringToSign).digest("hex");
  if (expected !== signature)
    return {
      code: "SignatureDoesNotMatch",
      message: "The request signature we calculated does not match the signature you provided.",
    };
  return null;
}
