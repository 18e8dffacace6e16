// One param widget, chosen from the param's JSON Schema (core's describeNode, from the node's zod
// schema): enums as selects, booleans as checkboxes, numbers with their bounds, fixed-length number
// arrays (vectors) as tuples, files a node reads (core's fileParam) as a path with asset suggestions
// and a picker, strings as text; anything else as JSON text.
import { useRef, useState } from 'react';
import { fileParamInfo } from '@ffavatar/core';
import { registerLocalFile } from '../files/local-files.js';

/** The datalist of shared asset names (App fills it from /assets/index.json). */
export const ASSET_LIST_ID = 'ff-assets';

export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  description?: string;
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  minItems?: number;
  maxItems?: number;
  anyOf?: JsonSchema[];
}

interface Props {
  name: string;
  schema: JsonSchema;
  value: unknown;
  set: boolean;
  onChange(value: unknown): void;
}

// Keeps canvas drags and zooms from starting inside a widget.
const stop = {
  onPointerDown: (e: React.PointerEvent) => e.stopPropagation(),
  onDoubleClick: (e: React.MouseEvent) => e.stopPropagation(),
  onWheel: (e: React.WheelEvent) => e.stopPropagation(),
};

function isNumeric(s: JsonSchema | undefined): boolean {
  return s?.type === 'number' || s?.type === 'integer';
}

export function ParamField({ name, schema, value, set, onChange }: Props) {
  const current = value ?? schema.default;
  const label = (
    <span className={`ff-param-name${set ? ' ff-param-set' : ''}`} title={schema.description ?? name}>
      {name}
    </span>
  );
  if (schema.enum) {
    return (
      <label className="ff-param">
        {label}
        <select
          {...stop}
          value={String(current ?? '')}
          onChange={(e) => onChange(schema.enum!.find((v) => String(v) === e.target.value))}
        >
          {current === undefined && <option value="">(unset)</option>}
          {schema.enum.map((v) => (
            <option key={String(v)} value={String(v)}>
              {String(v)}
            </option>
          ))}
        </select>
      </label>
    );
  }
  if (schema.type === 'boolean') {
    return (
      <label className="ff-param">
        {label}
        <input
          {...stop}
          type="checkbox"
          checked={current === true}
          onChange={(e) => onChange(e.target.checked)}
        />
      </label>
    );
  }
  if (isNumeric(schema)) {
    return (
      <label className="ff-param">
        {label}
        <NumberInput
          schema={schema}
          value={typeof current === 'number' ? current : undefined}
          onChange={onChange}
        />
      </label>
    );
  }
  const tuple =
    schema.prefixItems ??
    (schema.type === 'array' &&
    schema.minItems !== undefined &&
    schema.minItems === schema.maxItems &&
    schema.minItems <= 4 &&
    isNumeric(schema.items)
      ? Array.from({ length: schema.minItems }, () => schema.items!)
      : undefined);
  if (tuple && tuple.every(isNumeric)) {
    const arr = Array.isArray(current) ? (current as unknown[]) : [];
    return (
      <label className="ff-param">
        {label}
        <span className="ff-tuple">
          {tuple.map((s, i) => (
            <NumberInput
              key={i}
              schema={s}
              value={typeof arr[i] === 'number' ? (arr[i] as number) : undefined}
              onChange={(v) => {
                const next = tuple.map((_, j) => (j === i ? v : (arr[j] ?? 0)));
                onChange(next);
              }}
            />
          ))}
        </span>
      </label>
    );
  }
  const file = fileParamInfo(schema as Record<string, unknown>);
  if (file) {
    return (
      <label className="ff-param">
        {label}
        <FileInput
          accept={file.accept}
          value={typeof current === 'string' ? current : ''}
          placeholder={schema.default === undefined ? 'path or asset:…' : String(schema.default)}
          onChange={onChange}
        />
      </label>
    );
  }
  if (schema.type === 'string') {
    return (
      <label className="ff-param">
        {label}
        <input
          {...stop}
          type="text"
          value={typeof current === 'string' ? current : ''}
          placeholder={schema.default === undefined ? '' : String(schema.default)}
          onChange={(e) => onChange(e.target.value)}
        />
      </label>
    );
  }
  return (
    <label className="ff-param">
      {label}
      <JsonInput value={current} onChange={onChange} />
    </label>
  );
}

/** A path field suggesting the shared assets, with a picker for a file from this computer (`local:`). */
function FileInput(props: {
  accept: string[];
  value: string;
  placeholder: string;
  onChange(v: string): void;
}) {
  const picker = useRef<HTMLInputElement>(null);
  return (
    <span className="ff-file">
      <input
        {...stop}
        type="text"
        list={ASSET_LIST_ID}
        value={props.value}
        placeholder={props.placeholder}
        onChange={(e) => props.onChange(e.target.value)}
        title={
          props.value.startsWith('local:')
            ? 'A file picked in this tab: runs here read it; the CLI needs a real path'
            : props.value
        }
      />
      <button
        {...stop}
        type="button"
        title={`Pick a file${props.accept.length ? ` (${props.accept.join(', ')})` : ''}`}
        onClick={() => picker.current?.click()}
      >
        …
      </button>
      <input
        ref={picker}
        type="file"
        hidden
        accept={props.accept.join(',')}
        data-testid="file-picker"
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) props.onChange(registerLocalFile(f));
          e.target.value = '';
        }}
      />
    </span>
  );
}

function NumberInput(props: { schema: JsonSchema; value: number | undefined; onChange(v: number): void }) {
  const { schema } = props;
  const [text, setText] = useState<string | undefined>(undefined);
  return (
    <input
      {...stop}
      type="number"
      className="ff-number"
      step={schema.type === 'integer' ? 1 : 'any'}
      min={schema.minimum ?? schema.exclusiveMinimum}
      max={schema.maximum ?? schema.exclusiveMaximum}
      value={text ?? (props.value === undefined ? '' : String(props.value))}
      onChange={(e) => {
        setText(e.target.value);
        const v = Number(e.target.value);
        if (e.target.value !== '' && Number.isFinite(v)) props.onChange(v);
      }}
      onBlur={() => setText(undefined)}
    />
  );
}

function JsonInput(props: { value: unknown; onChange(v: unknown): void }) {
  const [text, setText] = useState<string | undefined>(undefined);
  const [bad, setBad] = useState(false);
  return (
    <input
      {...stop}
      type="text"
      className={bad ? 'ff-bad' : ''}
      value={text ?? (props.value === undefined ? '' : JSON.stringify(props.value))}
      onChange={(e) => {
        setText(e.target.value);
        try {
          props.onChange(JSON.parse(e.target.value));
          setBad(false);
        } catch {
          setBad(true);
        }
      }}
      onBlur={() => setText(undefined)}
    />
  );
}
