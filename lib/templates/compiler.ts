/**
 * nunjucks' code generator with Jinja's semantics where they differ: Python truthiness in `if`,
 * `and`, `or` and `not`; Python's `in`; lookups through {@link member}; output through the
 * environment (Python's `str()`, MarkupSafe's escaping) with autoescape fixed per template, as
 * Jinja decides it from the name; `{% set %}` blocks captured as Markup; loops whose variables
 * stay inside them, with Jinja's `loop` object and filter; `{% with %}`; `*args` and `**kwargs`.
 *
 * Generated code reaches Phial's helpers through `env`, the environment every compiled function
 * receives, so nunjucks' shared runtime is never patched.
 */
import { type CompileFrame, type Node, nunjucks } from './nunjucks.ts';
import { parseTemplate } from './parser.ts';

/** The JavaScript source of a template's render functions. */
export interface CompiledSource {
  code: string;
}

/** The code generator: nunjucks' own, with the semantics above. Built on first use. */
function defineCompiler({ Compiler, nodes }: ReturnType<typeof nunjucks>) {
  return class JinjaCompiler extends Compiler {
    autoescape = true;

    /** Emits `env.<helper>(…args)`, compiling each node argument. */
    private call(helper: string, args: Array<Node | string>, frame: CompileFrame): void {
      this._emit(`env.${helper}(`);
      args.forEach((arg, i) => {
        if (i > 0) this._emit(', ');
        if (typeof arg === 'string') this._emit(arg);
        else this.compile(arg, frame);
      });
      this._emit(')');
    }

    compileOutput(node: Node, frame: CompileFrame): void {
      for (const child of node.children as Node[]) {
        if (child.typename === 'TemplateData') {
          if (child.value) {
            this._emit(`${this.buffer} += `);
            this.compile(child, frame);
            this._emitLine(';');
          }
        } else {
          this._emit(`${this.buffer} += `);
          this.call('out', [child, String(this.autoescape)], frame);
          this._emitLine(';');
        }
      }
    }

    /** `(a, b)` is a tuple, `(a)` a parenthesised expression. */
    compileGroup(node: Node, frame: CompileFrame): void {
      if (node.children.length === 1) this._compileAggregate(node, frame, '(', ')');
      else {
        this._emit('env.tuple(');
        this._compileAggregate(node, frame, '[', ']');
        this._emit(')');
      }
    }

    compileSymbol(node: Node, frame: CompileFrame): void {
      const local = frame.lookup(node.value);
      if (local) this._emit(local);
      else this._emit(`env.lookup(context, frame, ${JSON.stringify(node.value)})`);
    }

    compileLookupVal(node: Node, frame: CompileFrame): void {
      this.call('member', [node.target, node.val], frame);
    }

    compileIn(node: Node, frame: CompileFrame): void {
      this.call('contains', [node.left, node.right], frame);
    }

    compileNot(node: Node, frame: CompileFrame): void {
      this._emit('!');
      this.call('truthy', [node.target], frame);
    }

    /** Python's `and`/`or` give one of their operands; the left one is evaluated once. */
    private pythonBoolean(node: Node, frame: CompileFrame, or: boolean): void {
      this._emit('(env.scratch = ');
      this.compile(node.left, frame);
      this._emit(`, ${or ? '' : '!'}env.truthy(env.scratch) ? env.scratch : `);
      this.compile(node.right, frame);
      this._emit(')');
    }

    compileOr(node: Node, frame: CompileFrame): void {
      this.pythonBoolean(node, frame, true);
    }

    compileAnd(node: Node, frame: CompileFrame): void {
      this.pythonBoolean(node, frame, false);
    }

    compileInlineIf(node: Node, frame: CompileFrame): void {
      this._emit('(');
      this.call('truthy', [node.cond], frame);
      this._emit(' ? ');
      this.compile(node.body, frame);
      this._emit(' : ');
      if (node.else_) this.compile(node.else_, frame);
      else this._emit('undefined');
      this._emit(')');
    }

    compileIf(node: Node, frame: CompileFrame): void {
      this._emit('if (');
      this.call('truthy', [node.cond], frame);
      this._emitLine(') {');
      this._withScopedSyntax(() => this.compile(node.body, frame));
      if (node.else_) {
        this._emitLine('} else {');
        this._withScopedSyntax(() => this.compile(node.else_, frame));
      }
      this._emitLine('}');
    }

    override compileCapture(node: Node, frame: CompileFrame): void {
      this._emit('env.captured(');
      super.compileCapture(node, frame);
      this._emit(`, ${this.autoescape})`);
    }

    override compileSet(node: Node, frame: CompileFrame): void {
      for (const target of node.targets as Node[]) {
        if (target.typename !== 'Symbol') {
          this.fail(
            'set: only names can be assigned (namespace attributes are not supported)',
            target.lineno,
            target.colno,
          );
        }
      }
      super.compileSet(node, frame);
    }

    compilePhialKwargsSpread(node: Node, frame: CompileFrame): void {
      this._emit('...');
      this.call('keywordsOf', [node.value], frame);
    }

    compilePhialArgsSpread(node: Node, frame: CompileFrame): void {
      this._emit('...');
      this.call('iterable', [node.value], frame);
    }

    compilePhialWith(node: Node, frame: CompileFrame): void {
      const ids = (node.values as Node[]).map((value) => {
        const id = this._tmpid();
        this._emit(`var ${id} = `);
        this._compileExpression(value, frame);
        this._emitLine(';');
        return id;
      });
      const inner = frame.push(true);
      this._emitLine('frame = frame.push(true);');
      (node.targets as Node[]).forEach((target, i) => {
        this._emitLine(`frame.set(${JSON.stringify(target.value)}, ${ids[i]});`);
        inner.set(target.value, ids[i]!);
      });
      this._withScopedSyntax(() => this.compile(node.body, inner));
      this._emitLine('frame = frame.pop();');
    }

    /** Binds the loop's names to one item: `x`, or `k, v` unpacked from a pair. */
    private bindLoopNames(node: Node, item: string, frame: CompileFrame): void {
      const names: Node[] = node.name.typename === 'Array' ? node.name.children : [node.name];
      names.forEach((name, u) => {
        const id = this._tmpid();
        this._emitLine(`var ${id} = ${names.length === 1 ? item : `${item}[${u}]`};`);
        this._emitLine(`frame.set(${JSON.stringify(name.value)}, ${id});`);
        frame.set(name.value, id);
      });
    }

    compilePhialFor(node: Node, frame: CompileFrame): void {
      const [arr, i, len, loop] = [this._tmpid(), this._tmpid(), this._tmpid(), this._tmpid()];
      const pairs = node.name.typename === 'Array';
      this._emit(`var ${arr} = `);
      this.call(pairs ? 'pairsOf' : 'iterable', [node.arr], frame);
      this._emitLine(';');
      if (node.cond) {
        const kept = this._tmpid();
        const test = frame.push(true);
        this._emitLine(`var ${kept} = [];`);
        this._emitLine(`for (var ${i} = 0; ${i} < ${arr}.length; ${i}++) {`);
        this._emitLine('frame = frame.push(true);');
        this.bindLoopNames(node, `${arr}[${i}]`, test);
        this._emit('if (');
        this.call('truthy', [node.cond], test);
        this._emitLine(`) ${kept}.push(${arr}[${i}]);`);
        this._emitLine('frame = frame.pop();');
        this._emitLine('}');
        this._emitLine(`${arr} = ${kept};`);
      }
      this._emitLine(`var ${len} = ${arr}.length;`);
      this._emitLine(`var ${loop} = env.loop(${arr});`);
      // Jinja: each turn has its own scope, so what the body sets stays in that turn. A body that
      // sets nothing shares one scope for the whole loop (one frame instead of one per turn).
      const perTurn =
        (node.body as Node & { findAll(type: unknown): unknown[] }).findAll(nodes.Set).length > 0;
      const inner = frame.push(true);
      if (!perTurn) this._emitLine('frame = frame.push(true);');
      this._emitLine(`for (var ${i} = 0; ${i} < ${len}; ${i}++) {`);
      if (perTurn) this._emitLine('frame = frame.push(true);');
      this.bindLoopNames(node, `${arr}[${i}]`, inner);
      this._emitLine(`${loop}.index0 = ${i};`);
      this._emitLine(`frame.set("loop", ${loop});`);
      this._withScopedSyntax(() => this.compile(node.body, inner));
      if (perTurn) this._emitLine('frame = frame.pop();');
      this._emitLine('}');
      if (!perTurn) this._emitLine('frame = frame.pop();');
      if (node.else_) {
        this._emitLine(`if (!${len}) {`);
        this._withScopedSyntax(() => this.compile(node.else_, frame));
        this._emitLine('}');
      }
    }
  };
}

let JinjaCompiler: ReturnType<typeof defineCompiler> | null = null;

/**
 * Compiles template source to the JavaScript of its render functions, with Jinja's semantics
 * and autoescape on or off for the whole template.
 *
 * @example
 * ```ts
 * const { code } = compileTemplate('Hello {{ name }}!', 'hello.html', true);
 * ```
 */
export function compileTemplate(source: string, name: string, autoescape: boolean): CompiledSource {
  const loaded = nunjucks();
  JinjaCompiler ??= defineCompiler(loaded);
  const compiler = new JinjaCompiler(name, false);
  compiler.autoescape = autoescape;
  compiler.compile(loaded.transform(parseTemplate(source), name));
  return { code: compiler.getCode() };
}
