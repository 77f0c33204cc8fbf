package dev.pulseboard.query.promql;

import java.util.function.Function;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;

/**
 * Parses PromQL with the generated ANTLR parser and turns the first lexer or parser error into a
 * {@link PromQLSyntaxException}. ANTLR's own messages name internal token types, so users get a short
 * "unexpected X" with the position instead.
 */
final class PromQLSyntax {

    /** A parse tree together with the token stream it came from (needed to re-print the query). */
    record Parsed<T extends ParserRuleContext>(T tree, CommonTokenStream tokens) {}

    private PromQLSyntax() {}

    static Parsed<PromQLParser.QueryContext> parseQuery(String text) {
        return parse(text, PromQLParser::query);
    }

    static Parsed<PromQLParser.SeriesMatcherContext> parseSeriesMatcher(String text) {
        return parse(text, PromQLParser::seriesMatcher);
    }

    private static <T extends ParserRuleContext> Parsed<T> parse(String text, Function<PromQLParser, T> entry) {
        PromQLLexer lexer = new PromQLLexer(CharStreams.fromString(text));
        lexer.removeErrorListeners();
        lexer.addErrorListener(FirstErrorThrows.INSTANCE);
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        PromQLParser parser = new PromQLParser(tokens);
        parser.removeErrorListeners();
        parser.addErrorListener(FirstErrorThrows.INSTANCE);
        try {
            return new Parsed<>(entry.apply(parser), tokens);
        } catch (StackOverflowError e) {
            // Thousands of nested parentheses: refuse rather than let one request take a worker thread down.
            throw new PromQLSyntaxException(1, 1, "query is nested too deeply");
        }
    }

    private static final class FirstErrorThrows extends BaseErrorListener {
        static final FirstErrorThrows INSTANCE = new FirstErrorThrows();

        @Override
        public void syntaxError(
                Recognizer<?, ?> recognizer,
                Object offendingSymbol,
                int line,
                int charPositionInLine,
                String msg,
                RecognitionException e) {
            throw new PromQLSyntaxException(line, charPositionInLine + 1, describe(offendingSymbol, msg));
        }

        private static String describe(Object offendingSymbol, String antlrMessage) {
            if (offendingSymbol instanceof Token token) {
                return token.getType() == Token.EOF
                        ? "unexpected end of query"
                        : "unexpected '" + token.getText() + "'";
            }
            // Lexer errors: ANTLR says "token recognition error at: '<text read so far>'", where the text starts
            // at the offending character; a quote there means a string that never ends.
            int at = antlrMessage.indexOf("at: '");
            if (at < 0 || antlrMessage.length() <= at + 5) {
                return antlrMessage;
            }
            int first = antlrMessage.codePointAt(at + 5);
            return first == '"' || first == '\'' || first == '`'
                    ? "unterminated string"
                    : "unexpected character '" + Character.toString(first) + "'";
        }
    }
}
