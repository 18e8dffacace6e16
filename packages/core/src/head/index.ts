// Head-model evaluation (blendshapes, skinning, normals): filled by the head-models work (issue 3).
export {};
