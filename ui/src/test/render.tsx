import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor } from "@testing-library/react";
import type { UserEvent } from "@testing-library/user-event";
import { expect } from "vitest";

import { App } from "../app/App";

export function renderApp() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <App />
    </QueryClientProvider>,
  );
}

/** Opens the app on Settings and chooses a language, as a user would. */
export async function renderAppAndChooseLanguage(user: UserEvent, language: "en" | "ja") {
  window.location.hash = "#/settings";
  renderApp();
  const choice = await screen.findByRole("combobox", { name: "Language" });
  await waitFor(() => {
    expect(choice).toBeEnabled();
  });
  await user.selectOptions(choice, language);
}
