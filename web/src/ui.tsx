import type { ComponentChildren, InputHTMLAttributes } from 'preact';
import { useCallback, useEffect, useId, useRef, useState } from 'preact/hooks';
import { ApiError } from './api';

/** The page's title: sets document.title and takes the focus when the page changes (screen readers). */
export function PageTitle({ children, title }: { children: ComponentChildren; title?: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title ?? (typeof children === 'string' ? children : 'Guichet')} — Guichet`;
    ref.current?.focus();
  }, [title, typeof children === 'string' ? children : '']);
  return (
    <h1 ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}

export function Notice({ kind = 'info', children }: { kind?: 'info' | 'success' | 'error' | 'warning'; children: ComponentChildren }) {
  return (
    <div class={`notice notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

/** The message of an error, for the top of a form (field errors go next to their field). */
export function ErrorNotice({ error }: { error: unknown }) {
  if (!error) return null;
  const e = error instanceof ApiError ? error : null;
  const fields = e?.problem.errors ?? [];
  return (
    <Notice kind="error">
      <p>{e ? e.message : String((error as Error).message ?? error)}</p>
      {fields.length > 1 && (
        <ul>
          {fields.map((f) => (
            <li key={f.field + f.message}>{f.message}</li>
          ))}
        </ul>
      )}
    </Notice>
  );
}

type InputProps = {
  id?: string;
  type?: 'text' | 'email' | 'password' | 'tel' | 'date' | 'time' | 'number' | 'search';
  autoComplete?: string;
  inputMode?: 'numeric' | 'decimal' | 'text' | 'tel' | 'email';
  maxLength?: number;
  min?: string;
  max?: string;
  step?: string;
  placeholder?: string;
  disabled?: boolean;
  extra?: InputHTMLAttributes<HTMLInputElement>;
  label: ComponentChildren;
  value: string;
  onValue: (v: string) => void;
  error?: string;
  hint?: ComponentChildren;
  required?: boolean;
};

export function Field({ label, value, onValue, error, hint, required, id, extra, ...rest }: InputProps) {
  const auto = useId();
  const fid = (id as string) ?? auto;
  const describedBy = [hint ? `${fid}-hint` : '', error ? `${fid}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${error ? ' field-invalid' : ''}`}>
      <label for={fid}>{label}</label>
      {hint && (
        <p class="hint" id={`${fid}-hint`}>
          {hint}
        </p>
      )}
      <input
        {...({
          id: fid,
          value,
          onInput: (e: Event) => onValue((e.target as HTMLInputElement).value),
          'aria-invalid': error ? true : undefined,
          'aria-describedby': describedBy,
          required,
          ...rest,
          ...extra,
        } as Record<string, unknown>)}
      />
      {error && (
        <p class="field-error" id={`${fid}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

export function TextArea({ label, value, onValue, error, hint }: { label: string; value: string; onValue: (v: string) => void; error?: string; hint?: string }) {
  const id = useId();
  return (
    <div class={`field${error ? ' field-invalid' : ''}`}>
      <label for={id}>{label}</label>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <textarea
        id={id}
        rows={3}
        value={value}
        onInput={(e) => onValue((e.target as HTMLTextAreaElement).value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={[hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined}
      />
      {error && (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

export function Select({
  label,
  value,
  onValue,
  options,
  error,
  placeholder,
}: {
  label: string;
  value: string;
  onValue: (v: string) => void;
  options: { value: string; label: string; disabled?: boolean }[];
  error?: string;
  placeholder?: string;
}) {
  const id = useId();
  return (
    <div class={`field${error ? ' field-invalid' : ''}`}>
      <label for={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onValue((e.target as HTMLSelectElement).value)} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined}>
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value} disabled={o.disabled}>
            {o.label}
          </option>
        ))}
      </select>
      {error && (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

export function Checkbox({ label, checked, onChange, error }: { label: ComponentChildren; checked: boolean; onChange: (v: boolean) => void; error?: string }) {
  const id = useId();
  return (
    <div class={`check${error ? ' field-invalid' : ''}`}>
      <input type="checkbox" id={id} checked={checked} onChange={(e) => onChange((e.target as HTMLInputElement).checked)} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} />
      <label for={id}>{label}</label>
      {error && (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

export function Submit({ busy, children, kind = 'primary' }: { busy?: boolean; children: ComponentChildren; kind?: 'primary' | 'secondary' }) {
  return (
    <button type="submit" class={`btn btn-${kind}`} disabled={busy} aria-busy={busy ? true : undefined}>
      {busy ? 'Veuillez patienter…' : children}
    </button>
  );
}

export interface Async<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
  set: (t: T) => void;
}

/** Loads data for a page; `deps` reload it. */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[] = []): Async<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [n, setN] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true, error: undefined }));
    load().then(
      (data) => live && setState({ data, loading: false }),
      (error) => live && setState({ error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [...deps, n]);
  const reload = useCallback(() => setN((x) => x + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload, set: (data: T) => setState({ data, loading: false }) };
}

/** What a page shows while its data loads or failed to. */
export function Loading<T>({ state, children }: { state: Async<T>; children: (data: T) => ComponentChildren }) {
  if (state.error) return <ErrorNotice error={state.error} />;
  if (state.data === undefined)
    return (
      <p class="loading" role="status">
        Chargement…
      </p>
    );
  return <>{children(state.data)}</>;
}

/** Runs a form's action: busy flag, error (field errors included), success message. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const run = async (action: () => Promise<string | void>) => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const message = await action();
      if (message) setDone(message);
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setBusy(false);
    }
  };
  const fields = error instanceof ApiError ? error.fields : {};
  return { busy, error, done, run, fields, setError, setDone };
}

export function Badge({ tone, children }: { tone: 'ok' | 'warn' | 'bad' | 'neutral' | 'info'; children: ComponentChildren }) {
  return <span class={`badge badge-${tone}`}>{children}</span>;
}
