import { ClassicPreset } from 'rete';
import type { PortType } from '@ffavatar/core';

/** A Rete socket that carries core's PortType, so connections are checked with connectionKind. */
export class TypedSocket extends ClassicPreset.Socket {
  constructor(readonly portType: PortType) {
    super(portType.name);
  }
}
