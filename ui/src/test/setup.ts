import "@testing-library/jest-dom/vitest";
import { cleanup } from "@testing-library/react";
import { afterEach } from "vitest";

// jsdom lays nothing out, so every box measures 0×0 and a virtualized list would
// show no rows; give elements a window-sized box, as a 1280×800 screen would.
Object.defineProperties(HTMLElement.prototype, {
  clientHeight: { configurable: true, get: () => 800 },
  clientWidth: { configurable: true, get: () => 1280 },
});

// jsdom knows <dialog> and its open attribute but not the methods that open and
// close it; these do what the browser does that the UI relies on.
HTMLDialogElement.prototype.showModal = function showModal(this: HTMLDialogElement) {
  this.open = true;
};
HTMLDialogElement.prototype.close = function close(this: HTMLDialogElement) {
  if (!this.open) return;
  this.open = false;
  this.dispatchEvent(new Event("close"));
};

// jsdom has no 2D canvas without the native canvas package, and logs that on every
// call; answer as a browser without one would. The console copes with no context.
HTMLCanvasElement.prototype.getContext = function getContext() {
  return null;
} as typeof HTMLCanvasElement.prototype.getContext;

// jsdom's Blob has no text(); read it with the FileReader jsdom does have.
Blob.prototype.text = function text(this: Blob) {
  return new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      resolve(typeof reader.result === "string" ? reader.result : "");
    };
    reader.onerror = () => {
      reject(reader.error ?? new Error("read failed"));
    };
    reader.readAsText(this);
  });
};

afterEach(() => {
  cleanup();
  window.location.hash = "";
});
