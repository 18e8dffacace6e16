import type { ClassicPreset } from 'rete';
import { TypedSocket } from './typed-socket.js';

/** A socket dot in its port type's colour (PortType.color), with the type name as tooltip. */
export function SocketView(props: { data: ClassicPreset.Socket }) {
  const type = props.data instanceof TypedSocket ? props.data.portType : undefined;
  const isList = type?.item !== undefined;
  return (
    <div
      className={`ff-socket${isList ? ' ff-socket-list' : ''}`}
      data-port-type={props.data.name}
      title={type ? `${type.name}: ${type.description}` : props.data.name}
      style={{ background: type?.color ?? '#8a8f98' }}
    />
  );
}
