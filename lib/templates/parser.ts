/**
 * nunjucks' parser with the Jinja syntax it lacks: `{% with a = x %}…{% endwith %}`,
 * `{% for x in xs if cond %}`, and `*args` / `**kwargs` in calls (`url_for('page', **values)`).
 * Built on first use, when nunjucks is loaded.
 */
import { type Node, type NodeClass, nunjucks } from './nunjucks.ts';

// New node types are registered where nunjucks' transformer looks them up by name when it
// rebuilds a tree (it does so around `super()` calls).
function nodeType(nodes: Record<string, NodeClass>, name: string, fields: string[]): NodeClass {
  const type = nodes[name] ?? nodes.Node!.extend(name, { fields });
  nodes[name] = type;
  return type;
}

/** The Jinja parser: nunjucks' own, plus the statements and call syntax above. */
function defineParser({ Parser, lexer, nodes }: ReturnType<typeof nunjucks>) {
  // `{% with a = x, b = y %}body{% endwith %}`: values evaluated outside, names bound inside.
  const WithNode = nodeType(nodes, 'PhialWith', ['targets', 'values', 'body']);
  // `{% for … in … if cond %}`: nunjucks' For with Jinja's loop filter.
  const ForNode = nodeType(nodes, 'PhialFor', ['arr', 'name', 'body', 'else_', 'cond']);
  // `**mapping` among a call's keyword arguments, `*sequence` among its positional ones.
  const KwargsSpreadNode = nodeType(nodes, 'PhialKwargsSpread', ['value']);
  const ArgsSpreadNode = nodeType(nodes, 'PhialArgsSpread', ['value']);

  return class JinjaParser extends Parser {
    override parseStatement(): Node | null {
      const token = this.peekToken();
      if (token.type === lexer.TOKEN_SYMBOL && token.value === 'with') return this.parseWith();
      return super.parseStatement();
    }

    parseWith(): Node {
      const tag = this.nextToken();
      const targets: Node[] = [];
      const values: Node[] = [];
      while (this.peekToken().type !== lexer.TOKEN_BLOCK_END) {
        if (targets.length > 0 && !this.skip(lexer.TOKEN_COMMA))
          this.fail('with: expected a comma', tag.lineno, tag.colno);
        const target = this.parsePrimary(true);
        if (target.typename !== 'Symbol')
          this.fail('with: expected a variable name', target.lineno, target.colno);
        if (!this.skipValue(lexer.TOKEN_OPERATOR, '='))
          this.fail('with: expected =', target.lineno, target.colno);
        targets.push(target);
        values.push(this.parseExpression());
      }
      this.advanceAfterBlockEnd('with');
      const body = this.parseUntilBlocks('endwith');
      this.advanceAfterBlockEnd();
      return new WithNode(tag.lineno, tag.colno, targets, values, body);
    }

    /** Jinja's `{% include name [ignore missing] [with context | without context] %}`. */
    override parseInclude(): Node {
      const tag = this.nextToken();
      const node = new nodes.Include!(tag.lineno, tag.colno);
      node.template = this.parseExpression();
      if (this.skipSymbol('ignore') && this.skipSymbol('missing')) node.ignoreMissing = true;
      // Includes always see the context here; `without context` is accepted and has no effect.
      this.parseWithContext();
      this.advanceAfterBlockEnd('include');
      return node;
    }

    override parseFor(): Node {
      const tag = this.peekToken();
      if (tag.value !== 'for') return super.parseFor();
      this.nextToken();
      let name = this.parsePrimary();
      if (name.typename !== 'Symbol')
        this.fail('parseFor: variable name expected for loop', tag.lineno, tag.colno);
      if (this.peekToken().type === lexer.TOKEN_COMMA) {
        const names = new nodes.Array!(name.lineno, name.colno);
        names.addChild(name);
        while (this.skip(lexer.TOKEN_COMMA)) names.addChild(this.parsePrimary());
        name = names;
      }
      if (!this.skipSymbol('in'))
        this.fail('parseFor: expected "in" keyword for loop', tag.lineno, tag.colno);
      // The sequence is an expression without a conditional, so that `if` starts Jinja's loop filter.
      const arr = this.parseOr();
      const cond = this.skipSymbol('if') ? this.parseExpression() : null;
      this.advanceAfterBlockEnd('for');
      const body = this.parseUntilBlocks('endfor', 'else');
      let else_: Node | null = null;
      if (this.skipSymbol('else')) {
        this.advanceAfterBlockEnd('else');
        else_ = this.parseUntilBlocks('endfor');
      }
      this.advanceAfterBlockEnd();
      return new ForNode(tag.lineno, tag.colno, arr, name, body, else_, cond);
    }

    override parseSignature(tolerant?: boolean, noParens?: boolean): Node | null {
      const open = this.peekToken();
      if (noParens || open.type !== lexer.TOKEN_LEFT_PAREN) return super.parseSignature(tolerant, noParens);
      this.nextToken();
      const args = new nodes.NodeList!(open.lineno, open.colno);
      const kwargs = new nodes.KeywordArgs!(open.lineno, open.colno);
      let first = true;
      while (!this.skip(lexer.TOKEN_RIGHT_PAREN)) {
        const token = this.peekToken();
        if (!first && !this.skip(lexer.TOKEN_COMMA))
          this.fail('parseSignature: expected comma after expression', token.lineno, token.colno);
        first = false;
        // A trailing comma before the closing parenthesis, as Python allows.
        if (this.skip(lexer.TOKEN_RIGHT_PAREN)) break;
        if (this.skipValue(lexer.TOKEN_OPERATOR, '**')) {
          kwargs.addChild(new KwargsSpreadNode(token.lineno, token.colno, this.parseExpression()));
        } else if (this.skipValue(lexer.TOKEN_OPERATOR, '*')) {
          args.addChild(new ArgsSpreadNode(token.lineno, token.colno, this.parseExpression()));
        } else {
          const arg = this.parseExpression();
          if (this.skipValue(lexer.TOKEN_OPERATOR, '=')) {
            kwargs.addChild(new nodes.Pair!(arg.lineno, arg.colno, arg, this.parseExpression()));
          } else args.addChild(arg);
        }
      }
      if (kwargs.children.length > 0) args.addChild(kwargs);
      return args;
    }
  };
}

let JinjaParser: ReturnType<typeof defineParser> | null = null;

/**
 * Parses template source into nunjucks' syntax tree with the Jinja additions.
 *
 * @example
 * ```ts
 * const root = parseTemplate('{% with x = 1 %}{{ x }}{% endwith %}');
 * ```
 */
export function parseTemplate(source: string): Node {
  const loaded = nunjucks();
  JinjaParser ??= defineParser(loaded);
  return new JinjaParser(loaded.lexer.lex(source, {})).parseAsRoot();
}
