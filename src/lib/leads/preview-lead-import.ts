import { type CsvPreview, PREVIEW_BYTES, previewCsv } from "./preview-csv";
import { receiveFileSample } from "./receive-upload";

/**
 * The header, detected column mapping and first rows of an uploaded CSV, for the person to check
 * and adjust before importing. Only the first 64 KB are read: send a slice of a big file.
 */
export async function previewLeadImport(request: Request): Promise<CsvPreview & { filename: string }> {
  const { filename, file } = await receiveFileSample(request, PREVIEW_BYTES);
  return { filename, ...(await previewCsv(file.sample, file.truncated)) };
}
