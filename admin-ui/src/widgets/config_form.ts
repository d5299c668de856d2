// SPDX-License-Identifier: Apache-2.0
// A form generated from a plugin's config schema (the same table the kernel validates with),
// so a new plugin gets its form without UI code. The server validates: its error names the
// key, and the message is shown next to that field.
import { ApiError } from "../core/api";
import { h } from "../core/dom";
import type { SchemaRow } from "../core/types";

export const SECRET_MASK = "********";

type Kind = "boolean" | "integer" | "number" | "string" | "list" | "table";

// The kernel writes types as "boolean", "integer", "number", "string", "array of strings" and
// "table"; shorter spellings are accepted so the form does not break on a rename.
export function kindOf(type: string): Kind {
  const t = type.toLowerCase();
  if (t === "bool" || t === "boolean") return "boolean";
  if (t === "int" || t === "integer") return "integer";
  if (t === "number" || t === "float" || t === "double") return "number";
  if (t.includes("array") || t.includes("list") || t === "strings") return "list";
  if (t === "table" || t === "object") return "table";
  return "string";
}

class FieldError extends Error {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(message);
  }
}

interface Field {
  row: SchemaRow;
  wrap: HTMLElement;
  input: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
  error: HTMLElement;
  // The value to send; undefined leaves the key out (the schema's default applies).
  read(): unknown;
}

function describe(row: SchemaRow): string {
  const parts: string[] = [];
  if (row.description) parts.push(row.description);
  if (row.required) parts.push("Required.");
  else if (row.default !== undefined && row.default !== null && !row.secret)
    parts.push(`Default: ${JSON.stringify(row.default)}.`);
  if (row.min !== undefined && row.min !== null) parts.push(`Min ${row.min}.`);
  if (row.max !== undefined && row.max !== null) parts.push(`Max ${row.max}.`);
  return parts.join(" ");
}

function field(row: SchemaRow, value: unknown, idPrefix: string): Field {
  const id = `${idPrefix}-${row.key}`;
  const kind = kindOf(row.type);
  const error = h("p", { class: "field-error", id: `${id}-error`, role: "alert", hidden: true });
  const common = { id, name: row.key, "aria-describedby": `${id}-help ${id}-error` };
  let input: Field["input"];
  let read: () => unknown;
  if (kind === "boolean") {
    const box = h("input", { ...common, type: "checkbox" });
    box.checked = value === true;
    input = box;
    read = () => box.checked;
  } else if (kind === "integer" || kind === "number") {
    const box = h("input", {
      ...common,
      type: "number",
      step: kind === "integer" ? "1" : "any",
      value: typeof value === "number" ? String(value) : "",
    });
    input = box;
    read = () => {
      const text = box.value.trim();
      if (text === "") return undefined;
      const n = Number(text);
      if (!Number.isFinite(n) || (kind === "integer" && !Number.isInteger(n)))
        throw new FieldError(row.key, `expected ${kind === "integer" ? "an integer" : "a number"}`);
      return n;
    };
  } else if (kind === "list") {
    const box = h("textarea", { ...common, rows: 3, placeholder: "one value per line" });
    box.value = Array.isArray(value) ? value.map(String).join("\n") : "";
    input = box;
    read = () => box.value.split("\n").map((s) => s.trim()).filter(Boolean);
  } else if (kind === "table") {
    const box = h("textarea", { ...common, rows: 3, class: "mono", placeholder: '{"key": "value"}' });
    box.value = value && typeof value === "object" ? JSON.stringify(value, null, 2) : "";
    input = box;
    read = () => {
      const text = box.value.trim();
      if (text === "") return {};
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new FieldError(row.key, "expected a JSON object");
      }
      if (!parsed || typeof parsed !== "object" || Array.isArray(parsed))
        throw new FieldError(row.key, "expected a JSON object");
      return parsed;
    };
  } else if (row.choices && row.choices.length > 0) {
    const sel = h("select", common, row.choices.map((c) => h("option", { value: c }, c)));
    sel.value = typeof value === "string" ? value : String(row.default ?? row.choices[0]);
    input = sel;
    read = () => sel.value;
  } else if (row.secret) {
    // The API never sends a secret back; leaving the box empty keeps the one it holds.
    const held = value === SECRET_MASK || (typeof value === "string" && value !== "");
    const box = h("input", {
      ...common,
      type: "password",
      autocomplete: "off",
      placeholder: held ? "unchanged" : "",
    });
    input = box;
    read = () => (box.value === "" ? (held ? SECRET_MASK : undefined) : box.value);
  } else {
    const box = h("input", { ...common, type: "text", value: typeof value === "string" ? value : "" });
    input = box;
    read = () => (box.value === "" && !row.required && typeof value !== "string" ? undefined : box.value);
  }
  const label = h("label", { for: id }, row.key, row.required ? h("span", { class: "req", "aria-hidden": "true" }, " *") : null);
  const help = h("p", { class: "help", id: `${id}-help` }, describe(row), row.secret ? " (secret)" : "");
  const wrap = h("div", { class: `field field-${kind}`, "data-key": row.key }, label, input, help, error);
  return { row, wrap, input, error, read };
}

export interface ConfigForm {
  element: HTMLFormElement;
}

export function configForm(
  schema: SchemaRow[],
  config: Record<string, unknown>,
  opts: {
    idPrefix: string;
    readOnly: boolean;
    readOnlyReason?: string;
    submit: (config: Record<string, unknown>) => Promise<string>;
  },
): ConfigForm {
  const fields = schema.map((row) => field(row, config[row.key], opts.idPrefix));
  const formError = h("p", { class: "error", role: "alert", hidden: true });
  const done = h("p", { class: "ok", role: "status", hidden: true });
  const save = h("button", { type: "submit", class: "primary" }, "Apply");
  const element = h(
    "form",
    { class: "config-form", novalidate: true },
    fields.map((f) => f.wrap),
    schema.length === 0 ? h("p", { class: "muted" }, "This plugin has no settings.") : null,
    formError,
    done,
    opts.readOnly ? h("p", { class: "muted small" }, opts.readOnlyReason ?? "") : save,
  );
  if (opts.readOnly) for (const f of fields) f.input.disabled = true;

  function clear(): void {
    formError.hidden = true;
    done.hidden = true;
    for (const f of fields) {
      f.error.hidden = true;
      f.error.textContent = "";
      f.input.removeAttribute("aria-invalid");
      f.wrap.classList.remove("invalid");
    }
  }

  function showError(key: string | undefined, message: string): void {
    const f = key ? fields.find((x) => x.row.key === key) : undefined;
    if (!f) {
      formError.textContent = key ? `${key}: ${message}` : message;
      formError.hidden = false;
      return;
    }
    f.error.textContent = message;
    f.error.hidden = false;
    f.input.setAttribute("aria-invalid", "true");
    f.wrap.classList.add("invalid");
    f.input.focus();
  }

  element.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    if (opts.readOnly) return;
    clear();
    const out: Record<string, unknown> = {};
    try {
      for (const f of fields) {
        const v = f.read();
        if (v !== undefined) out[f.row.key] = v;
      }
    } catch (e) {
      if (e instanceof FieldError) return showError(e.key, e.message);
      throw e;
    }
    save.disabled = true;
    try {
      done.textContent = await opts.submit(out);
      done.hidden = false;
    } catch (e) {
      if (e instanceof ApiError) showError(e.field, e.message);
      else showError(undefined, String(e));
    } finally {
      save.disabled = false;
    }
  });
  return { element };
}
