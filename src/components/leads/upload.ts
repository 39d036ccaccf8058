import { ApiError, apiErrorOf } from "@/components/ui/api";

/**
 * POST a multipart form (a CSV upload) to /api/v1. XMLHttpRequest rather than fetch because it
 * reports upload progress, which a large file needs. Errors carry the API's own message.
 */
export function upload<T>(path: string, form: FormData, onProgress?: (fraction: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", path);
    xhr.withCredentials = true;
    xhr.responseType = "json";
    if (onProgress) xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onerror = () =>
      reject(
        new ApiError(
          0,
          "network",
          "the upload did not reach the server: check your connection and try again",
        ),
      );
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) return resolve(xhr.response as T);
      reject(apiErrorOf(xhr.status, xhr.response));
    };
    xhr.send(form);
  });
}
