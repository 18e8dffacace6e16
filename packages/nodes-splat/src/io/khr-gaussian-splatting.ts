import {
  Extension,
  ExtensionProperty,
  PropertyType,
  type IProperty,
  type Nullable,
  type ReaderContext,
  type WriterContext,
} from '@gltf-transform/core';

/**
 * glTF-Transform has no class for the ratified `KHR_gaussian_splatting` (Khronos glTF repo,
 * extensions/2.0/Khronos/KHR_gaussian_splatting): this is ours. The extension object on a POINTS
 * primitive carries only the kernel, colour space, projection and sorting method; the splat data
 * are ordinary primitive attributes (`KHR_gaussian_splatting:ROTATION` etc.), which glTF-Transform
 * reads and writes under any semantic name, so nothing else is needed here.
 */
export const KHR_GAUSSIAN_SPLATTING = 'KHR_gaussian_splatting';

/** The attribute semantics of the ellipse kernel. */
export const SPLAT_ATTR = {
  rotation: `${KHR_GAUSSIAN_SPLATTING}:ROTATION`,
  scale: `${KHR_GAUSSIAN_SPLATTING}:SCALE`,
  opacity: `${KHR_GAUSSIAN_SPLATTING}:OPACITY`,
  sh: (degree: number, coef: number) => `${KHR_GAUSSIAN_SPLATTING}:SH_DEGREE_${degree}_COEF_${coef}`,
} as const;

interface IGaussianSplatting extends IProperty {
  kernel: string;
  colorSpace: string;
  projection: string;
  sortingMethod: string;
}

export class GaussianSplatting extends ExtensionProperty<IGaussianSplatting> {
  static override EXTENSION_NAME = KHR_GAUSSIAN_SPLATTING;
  declare extensionName: typeof KHR_GAUSSIAN_SPLATTING;
  declare propertyType: 'GaussianSplatting';
  declare parentTypes: [PropertyType.PRIMITIVE];

  protected init(): void {
    this.extensionName = KHR_GAUSSIAN_SPLATTING;
    this.propertyType = 'GaussianSplatting';
    this.parentTypes = [PropertyType.PRIMITIVE];
  }

  protected override getDefaults(): Nullable<IGaussianSplatting> {
    return Object.assign(super.getDefaults(), {
      kernel: 'ellipse',
      colorSpace: 'srgb_rec709_display',
      projection: 'perspective',
      sortingMethod: 'cameraDistance',
    });
  }

  getKernel(): string {
    return this.get('kernel');
  }
  setKernel(v: string): this {
    return this.set('kernel', v);
  }
  getColorSpace(): string {
    return this.get('colorSpace');
  }
  setColorSpace(v: string): this {
    return this.set('colorSpace', v);
  }
  getProjection(): string {
    return this.get('projection');
  }
  setProjection(v: string): this {
    return this.set('projection', v);
  }
  getSortingMethod(): string {
    return this.get('sortingMethod');
  }
  setSortingMethod(v: string): this {
    return this.set('sortingMethod', v);
  }
}

interface GaussianSplattingDef {
  kernel?: unknown;
  colorSpace?: unknown;
  projection?: unknown;
  sortingMethod?: unknown;
}

export class KHRGaussianSplatting extends Extension {
  static override readonly EXTENSION_NAME = KHR_GAUSSIAN_SPLATTING;
  override readonly extensionName = KHR_GAUSSIAN_SPLATTING;

  createGaussianSplatting(): GaussianSplatting {
    return new GaussianSplatting(this.document.getGraph());
  }

  read(context: ReaderContext): this {
    (context.jsonDoc.json.meshes ?? []).forEach((meshDef, meshIndex) => {
      meshDef.primitives.forEach((primDef, primIndex) => {
        const def = primDef.extensions?.[KHR_GAUSSIAN_SPLATTING] as GaussianSplattingDef | undefined;
        if (!def) return;
        const ext = this.createGaussianSplatting();
        // Kept verbatim, unknown values too: the importer decides what it can render.
        if (typeof def.kernel === 'string') ext.setKernel(def.kernel);
        if (typeof def.colorSpace === 'string') ext.setColorSpace(def.colorSpace);
        if (typeof def.projection === 'string') ext.setProjection(def.projection);
        if (typeof def.sortingMethod === 'string') ext.setSortingMethod(def.sortingMethod);
        context.meshes[meshIndex]!.listPrimitives()[primIndex]!.setExtension(KHR_GAUSSIAN_SPLATTING, ext);
      });
    });
    return this;
  }

  write(context: WriterContext): this {
    const json = context.jsonDoc.json;
    for (const mesh of this.document.getRoot().listMeshes()) {
      const meshIndex = context.meshIndexMap.get(mesh);
      if (meshIndex === undefined) continue;
      mesh.listPrimitives().forEach((prim, primIndex) => {
        const ext = prim.getExtension<GaussianSplatting>(KHR_GAUSSIAN_SPLATTING);
        if (!ext) return;
        const primDef = json.meshes![meshIndex]!.primitives[primIndex]!;
        primDef.extensions = {
          ...primDef.extensions,
          [KHR_GAUSSIAN_SPLATTING]: {
            kernel: ext.getKernel(),
            colorSpace: ext.getColorSpace(),
            projection: ext.getProjection(),
            sortingMethod: ext.getSortingMethod(),
          },
        };
      });
    }
    return this;
  }
}
