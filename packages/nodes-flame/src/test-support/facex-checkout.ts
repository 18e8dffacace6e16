/**
 * A tiny stand-in for ICT-FaceKit's FaceXModel folder (file name -> text): five vertices in
 * centimetres, a quad and a triangle, two identities and two expressions that move vertex 4.
 */
export function tinyFaceX(): Map<string, string> {
  const neutral = [
    [0, 0, 0],
    [10, 0, 0],
    [10, 10, 0],
    [0, 10, 0],
    [5, 15, 0],
  ];
  const obj = (pos: number[][], faces = true) =>
    [
      '# tiny FaceXModel stand-in',
      ...pos.map((p) => `v ${p.join(' ')}`),
      ...(faces
        ? [
            'vt 0 0',
            'vt 1 0',
            'vt 1 1',
            'vt 0 1',
            'vt 0.5 1',
            'vt 0.9 0.9',
            'vn 0 0 1',
            'f 1/1/1 2/2/1 3/3/1 4/4/1',
            'f 4/4/1 3/3/1 5/5/1',
          ]
        : []),
      '',
    ].join('\n');
  const moved = (dx: number, dy: number) =>
    neutral.map((p, i) => (i === 4 ? [p[0]! + dx, p[1]! + dy, p[2]!] : p));
  return new Map([
    [
      'vertex_indices.json',
      JSON.stringify({
        expressions: ['jawOpen', 'eyeBlink_L'],
        idx_to_rigid_verts: [0, 1, 99999],
        idx_to_landmark_verts: Array.from({ length: 68 }, (_, l) => l % 5),
      }),
    ],
    ['generic_neutral_mesh.obj', obj(neutral)],
    ['identity000.obj', obj(moved(1, 0), false)],
    ['identity001.obj', obj(moved(0, 2), false)],
    ['jawOpen.obj', obj(moved(0, -3))],
    ['eyeBlink_L.obj', obj(moved(0.5, 0.5))],
  ]);
}
