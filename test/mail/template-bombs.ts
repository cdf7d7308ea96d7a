// Templates whose cost only shows at render time (a bound computed from text), so the save-time check
// cannot refuse them: the render pool's heap and time limits must stop them.
export const sortBomb = '{% assign n = "2000000" | plus: 0 %}{% assign a = (1..n) %}{{ a | sort | size }}'
export const loopBomb = '{% assign n = "10000" | plus: 0 %}{% for i in (1..n) %}{% for j in (1..n) %}x{% endfor %}{% endfor %}'
