import QRCode from "qrcode";
import { Html } from "./html.js";

/** The QR code of an `otpauth://` URI as an SVG data URL (what the security keys page and the API show). */
export async function qrCodeDataUrl(uri: string): Promise<string> {
  const svg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return `data:image/svg+xml;base64,${Buffer.from(svg, "utf8").toString("base64")}`;
}

/**
 * The QR code as inline SVG markup for a page (the pages' CSP allows no images, so no data: URL): the library's own
 * markup, given the role and name of an image.
 */
export async function qrCodeSvg(uri: string): Promise<Html> {
  const svg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2, width: 220 });
  return new Html(svg.replace("<svg ", '<svg role="img" aria-label="QR code for your authenticator app" '));
}
