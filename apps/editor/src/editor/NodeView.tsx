import type { ClassicPreset } from 'rete';
import { Presets, type RenderEmit } from 'rete-react-plugin';
import { categoryColor } from './category-colors.js';
import type { FfNode } from './ff-node.js';
import { ParamField, type JsonSchema } from './ParamField.js';
import type { Schemes } from './schemes.js';
import { RunBadge } from '../components/RunBadge.js';

const { RefSocket } = Presets.classic;

/** A node: header in its category colour, typed sockets, param widgets, run state and thumbnail. */
export function NodeView(props: {
  data: ClassicPreset.Node & { selected?: boolean };
  emit: RenderEmit<Schemes>;
}) {
  const node = props.data as FfNode & { selected?: boolean };
  const desc = node.desc;
  const properties = (desc.params as { properties?: Record<string, JsonSchema> }).properties ?? {};
  const inputs = Object.entries(node.inputs);
  const outputs = Object.entries(node.outputs);
  const state = node.run.kind;
  return (
    <div
      className={`ff-node${node.selected ? ' selected' : ''} ff-state-${state}`}
      data-testid="node"
      data-node-id={node.fileId}
      data-node-type={desc.type}
      style={{ width: node.width, ['--cat' as string]: categoryColor(desc.category) }}
    >
      <div className="ff-node-header" title={desc.description ?? desc.type}>
        <span className="ff-node-title">{node.label}</span>
        <span className="ff-node-id">{node.fileId}</span>
      </div>
      <div className="ff-node-ports">
        <div className="ff-node-inputs">
          {inputs.map(
            ([key, input]) =>
              input && (
                <div className="ff-port ff-port-in" key={key} data-port={key}>
                  <RefSocket
                    name="input-socket"
                    side="input"
                    socketKey={key}
                    nodeId={node.id}
                    emit={props.emit}
                    payload={input.socket}
                  />
                  <span className="ff-port-label">{input.label}</span>
                </div>
              ),
          )}
        </div>
        <div className="ff-node-outputs">
          {outputs.map(
            ([key, output]) =>
              output && (
                <div className="ff-port ff-port-out" key={key} data-port={key}>
                  <span className="ff-port-label">{output.label}</span>
                  <RefSocket
                    name="output-socket"
                    side="output"
                    socketKey={key}
                    nodeId={node.id}
                    emit={props.emit}
                    payload={output.socket}
                  />
                </div>
              ),
          )}
        </div>
      </div>
      {Object.keys(properties).length > 0 && (
        <div className="ff-node-params">
          {Object.entries(properties).map(([name, schema]) => (
            <ParamField
              key={name}
              name={name}
              schema={schema}
              value={node.params[name]}
              set={name in node.params}
              onChange={(v) => node.editParam(name, v)}
            />
          ))}
        </div>
      )}
      {node.thumbnail && (
        <img
          className="ff-thumb"
          src={node.thumbnail}
          alt={`${node.fileId} output`}
          title="Click for full size"
          onPointerDown={(e) => e.stopPropagation()}
          onClick={() => node.openPreview()}
        />
      )}
      <RunBadge state={node.run} />
    </div>
  );
}
