#!/usr/bin/env python3
"""Writes small-order.json: Ed25519 vectors whose A or R is each small-order encoding of
SPEC 2.4 (the y of a point of order 1, 2, 4 or 8, canonical or y + p, either sign bit):
all invalid; then a mixed-order R and a mixed-order A: valid, as the cofactored equation
holds. equationHolds says whether the cofactorless one does.
Test data only; KEZ itself verifies with libsodium or BouncyCastle. Run: python3 small_order.py"""
import hashlib, json

p = 2**255 - 19
L = 2**252 + 27742317777372353535851937790883648493
d = -121665 * pow(121666, p - 2, p) % p
O = (0, 1)

def add(P, Q):
    (x1, y1), (x2, y2) = P, Q
    t = d * x1 * x2 * y1 * y2 % p
    return ((x1 * y2 + x2 * y1) * pow(1 + t, p - 2, p) % p, (y1 * y2 + x1 * x2) * pow(1 - t, p - 2, p) % p)

def mul(k, P):
    R = O
    while k:
        if k & 1: R = add(R, P)
        P, k = add(P, P), k >> 1
    return R

def x_of(y, sign):
    xx = (y * y - 1) * pow(d * y * y + 1, p - 2, p) % p
    x = pow(xx, (p + 3) // 8, p)
    if (x * x - xx) % p: x = x * pow(2, (p - 1) // 4, p) % p
    if (x * x - xx) % p or (x == 0 and sign): return None
    return p - x if x & 1 != sign else x

def enc(P):
    return (P[1] | (P[0] & 1) << 255).to_bytes(32, 'little')

def dec(b):  # lenient: y may be >= p
    n = int.from_bytes(b, 'little')
    y, sign = (n & (2**255 - 1)) % p, n >> 255
    x = x_of(y, sign)
    return None if x is None else (x, y)

def H(*parts):
    return int.from_bytes(hashlib.sha512(b''.join(parts)).digest(), 'little') % L

B = (x_of(4 * pow(5, p - 2, p) % p, 0), 4 * pow(5, p - 2, p) % p)
c = int.from_bytes(bytes.fromhex('26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05'), 'little')
ys = [(0, 'y=0 (order 4)'), (1, 'y=1 (order 1)'), (p - 1, 'y=p-1 (order 2)'), (c, 'y=c (order 8)'),
      (p - c, 'y=p-c (order 8)'), (p, 'y=p (non-canonical 0)'), (p + 1, 'y=p+1 (non-canonical 1)')]
msg = b'SPEC 2.4 small-order rule'
a = H(b'a fixed test scalar')  # an honest key of prime order
A = mul(a, B)
out = []
for y, name in ys:
    for sign in (0, 1):
        E = (y | sign << 255).to_bytes(32, 'little')
        T = dec(E)
        label = f'{name}, x sign {sign}'
        # As R: S = k*a satisfies the cofactored equation; the cofactorless one only when T is neutral.
        k = H(E, enc(A), msg)
        out.append({'comment': 'R: ' + label, 'pk': enc(A).hex(), 'msg': msg.hex(),
                    'sig': (E + (k * a % L).to_bytes(32, 'little')).hex(),
                    'equationHolds': T is not None and T[1] == 1 and T[0] == 0, 'expected': 'invalid'})
        # As A: R = [r]B - [k]T with S = r satisfies the cofactorless equation whenever T decodes.
        holds = False
        for r in range(1, 200):
            if T is None:
                R, S = mul(r, B), r
                break
            t_guess = r % 8
            R = add(mul(r, B), mul(L * 8 - t_guess, T) if t_guess else O)
            k = H(enc(R), E, msg)
            if mul(k, T) == mul(t_guess, T):
                S, holds = r, True
                break
        out.append({'comment': 'A: ' + label, 'pk': E.hex(), 'msg': msg.hex(),
                    'sig': (enc(R) + S.to_bytes(32, 'little')).hex(), 'equationHolds': holds, 'expected': 'invalid'})
# Mixed order: a torsion component in R or A, which the cofactored equation of SPEC 2.4 ignores.
T8 = dec(bytes.fromhex('26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05'))
r = H(b'a fixed nonce')
R = add(mul(r, B), T8)
k = H(enc(R), enc(A), msg)
out.append({'comment': 'mixed-order R (prime-order part + order 8), S = r + k*a: only the cofactored equation holds',
            'pk': enc(A).hex(), 'msg': msg.hex(), 'sig': (enc(R) + ((r + k * a) % L).to_bytes(32, 'little')).hex(),
            'equationHolds': False, 'expected': 'valid'})
A2 = add(A, T8)
for t in range(8):
    R = add(mul(r, B), mul(8 * L - t, T8) if t else O)
    k = H(enc(R), enc(A2), msg)
    if k % 8 == t: break
out.append({'comment': 'mixed-order A (prime-order part + order 8), R cancelling its torsion: the cofactorless equation holds',
            'pk': enc(A2).hex(), 'msg': msg.hex(), 'sig': (enc(R) + ((r + k * a) % L).to_bytes(32, 'little')).hex(),
            'equationHolds': True, 'expected': 'valid'})
json.dump({'source': 'kez-core/src/test/resources/ed25519/small_order.py', 'vectors': out},
          open('small-order.json', 'w'), indent=1)
print(len(out), 'vectors', sum(v['equationHolds'] for v in out), 'where the equation holds')
