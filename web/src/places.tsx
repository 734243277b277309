import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { get } from './api';

export interface Place {
  postcode: string;
  city: string;
  inseeCode: string;
}

/**
 * Postcode and town, assisted (seed 002): typing the first digits of a postcode or the first letters
 * of a town lists the matching towns of the official list; choosing one fills both fields.
 * ARIA combobox on each field (arrow keys, Enter, Escape).
 */
export function PlaceFields({
  postcode,
  city,
  onChange,
  errors = {},
}: {
  postcode: string;
  city: string;
  onChange: (p: { postcode: string; city: string }) => void;
  errors?: { postcode?: string; city?: string };
}) {
  return (
    <div class="row">
      <PlaceCombo label="Code postal" which="postcode" value={postcode} other={city} onChange={onChange} error={errors.postcode} />
      <PlaceCombo label="Ville" which="city" value={city} other={postcode} onChange={onChange} error={errors.city} />
    </div>
  );
}

function PlaceCombo({
  label,
  which,
  value,
  other,
  onChange,
  error,
}: {
  label: string;
  which: 'postcode' | 'city';
  value: string;
  other: string;
  onChange: (p: { postcode: string; city: string }) => void;
  error?: string;
}) {
  const id = useId();
  const [options, setOptions] = useState<Place[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const typed = useRef(false);
  useEffect(() => {
    if (!typed.current || value.trim().length < 2) {
      setOptions([]);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      get<Place[]>('/api/places', { q: value.trim() }).then(
        (r) => {
          if (!live) return;
          setOptions(r.slice(0, 20));
          setOpen(r.length > 0);
          setActive(-1);
        },
        () => live && setOptions([]),
      );
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [value]);
  const choose = (p: Place) => {
    typed.current = false;
    onChange({ postcode: p.postcode, city: p.city });
    setOpen(false);
  };
  const listId = `${id}-list`;
  return (
    <div class={`field combo${error ? ' field-invalid' : ''}`}>
      <label for={id}>{label}</label>
      <input
        id={id}
        type="text"
        role="combobox"
        autoComplete={which === 'postcode' ? 'postal-code' : 'address-level2'}
        inputMode={which === 'postcode' ? 'numeric' : 'text'}
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={open && active >= 0 ? `${id}-o${active}` : undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        value={value}
        onInput={(e) => {
          typed.current = true;
          const v = (e.target as HTMLInputElement).value;
          onChange(which === 'postcode' ? { postcode: v, city: other } : { postcode: other, city: v });
        }}
        onKeyDown={(e) => {
          if (!open) return;
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setActive((a) => Math.min(options.length - 1, a + 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((a) => Math.max(0, a - 1));
          } else if (e.key === 'Enter' && active >= 0) {
            e.preventDefault();
            choose(options[active]);
          } else if (e.key === 'Escape') {
            setOpen(false);
          }
        }}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
      />
      <ul id={listId} role="listbox" aria-label={`${label} : suggestions`} hidden={!open}>
        {open &&
          options.map((p, i) => (
            <li
              key={p.inseeCode + p.postcode}
              id={`${id}-o${i}`}
              role="option"
              aria-selected={i === active}
              onMouseDown={(e) => {
                e.preventDefault();
                choose(p);
              }}
            >
              {p.postcode} {p.city}
            </li>
          ))}
      </ul>
      {error && (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}
