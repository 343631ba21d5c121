// The Backends section as the tests reach it: Settings open, then its Add dialog.
import { screen, within } from "@testing-library/react";
import type userEvent from "@testing-library/user-event";

import { renderApp } from "../../test/render";

export type User = ReturnType<typeof userEvent.setup>;

export async function openSection() {
  window.location.hash = "#/settings";
  renderApp();
  return screen.findByRole("region", { name: "Backends" });
}

export async function openAddDialog(user: User, section: HTMLElement) {
  await user.click(within(section).getByRole("button", { name: "Add Ironic…" }));
  return screen.getByRole("dialog", { name: "Add an OpenStack Ironic" });
}
