import QRCode from 'qrcode';

/**
 * The status QR code as an SVG string, for paper and screen alike. Error correction M survives a
 * smudged thermal print; the quiet zone (4 modules) is part of the SVG so scanners find the edges.
 */
export const qrSvg = (text: string): Promise<string> => QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });

/** The same code as a data: URL, for an <img> on screen. */
export const qrSvgDataUrl = async (text: string): Promise<string> =>
  `data:image/svg+xml;base64,${Buffer.from(await qrSvg(text), 'utf8').toString('base64')}`;
