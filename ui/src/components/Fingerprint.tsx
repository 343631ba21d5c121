/** A SHA-256 fingerprint (`AB:CD:…`) in two lines of sixteen bytes, the way
 *  BMC web pages tend to show it, so the two are easy to compare by eye. */
export function Fingerprint({ sha256 }: { sha256: string }) {
  const bytes = sha256.split(":");
  const half = Math.ceil(bytes.length / 2);
  return (
    <code className="fingerprint">
      {bytes.slice(0, half).join(":")}
      {bytes.length > half && (
        <>
          :<wbr />
          {bytes.slice(half).join(":")}
        </>
      )}
    </code>
  );
}
