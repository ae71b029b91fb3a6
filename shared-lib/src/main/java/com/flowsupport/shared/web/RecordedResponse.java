package com.flowsupport.shared.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;

/**
 * A response whose body is recorded for {@link IdempotencyFilter}. An ordinary response
 * is held back until the request's transaction has committed, so that a client never
 * reads an answer whose work was rolled back. A stream ({@code text/event-stream}) goes
 * out as it is written, and is recorded as well: holding it back would make it no stream
 * at all.
 */
final class RecordedResponse extends HttpServletResponseWrapper {

	private final ByteArrayOutputStream body = new ByteArrayOutputStream();

	private @Nullable ServletOutputStream stream;

	private @Nullable PrintWriter writer;

	private boolean streaming;

	/**
	 * The status the handler last asked for: once a stream is out, the server keeps the
	 * one it sent, but a failure asked for later must still count as one.
	 */
	private @Nullable Integer status;

	RecordedResponse(HttpServletResponse response) {
		super(response);
	}

	/** Whether the body has been going out as it was written. */
	boolean streaming() {
		return this.streaming;
	}

	/** Everything written so far. */
	byte[] body() {
		if (this.writer != null) {
			this.writer.flush();
		}
		return this.body.toByteArray();
	}

	/** Sends a held-back body (a stream is already out). */
	void release() throws IOException {
		byte[] content = body();
		if (this.streaming) {
			getResponse().flushBuffer();
			return;
		}
		if (content.length == 0) {
			return;
		}
		if (!getResponse().isCommitted()) {
			getResponse().setContentLength(content.length);
		}
		getResponse().getOutputStream().write(content);
		getResponse().flushBuffer();
	}

	@Override
	public ServletOutputStream getOutputStream() throws IOException {
		if (this.writer != null) {
			throw new IllegalStateException("getWriter() has already been called for this response");
		}
		if (this.stream == null) {
			this.stream = open();
		}
		return this.stream;
	}

	@Override
	public PrintWriter getWriter() throws IOException {
		if (this.stream != null && this.writer == null) {
			throw new IllegalStateException("getOutputStream() has already been called for this response");
		}
		if (this.writer == null) {
			this.stream = open();
			this.writer = new PrintWriter(new OutputStreamWriter(this.stream, Charset.forName(getCharacterEncoding())));
		}
		return this.writer;
	}

	@Override
	public void flushBuffer() throws IOException {
		if (this.writer != null) {
			this.writer.flush();
		}
		if (this.streaming) {
			getResponse().flushBuffer();
		}
	}

	@Override
	public void setStatus(int status) {
		this.status = status;
		super.setStatus(status);
	}

	@Override
	public int getStatus() {
		return (this.status != null) ? this.status : super.getStatus();
	}

	@Override
	public void sendError(int status) throws IOException {
		this.status = status;
		super.sendError(status);
	}

	@Override
	public void sendError(int status, String message) throws IOException {
		this.status = status;
		super.sendError(status, message);
	}

	@Override
	public void setContentLength(int length) {
		// The length of a held-back body is set when it is released.
	}

	@Override
	public void setContentLengthLong(long length) {
	}

	@Override
	public void resetBuffer() {
		super.resetBuffer();
		if (!this.streaming) {
			discard();
		}
	}

	@Override
	public void reset() {
		super.reset();
		if (!this.streaming) {
			discard();
			this.writer = null;
			this.stream = null;
			this.status = null;
		}
	}

	/** Drops what was held back, the writer's pending characters included. */
	private void discard() {
		if (this.writer != null) {
			this.writer.flush();
		}
		this.body.reset();
	}

	private ServletOutputStream open() throws IOException {
		this.streaming = isStream(getContentType());
		OutputStream out = this.streaming ? getResponse().getOutputStream() : null;
		return new ServletOutputStream() {

			@Override
			public void write(int b) throws IOException {
				RecordedResponse.this.body.write(b);
				if (out != null) {
					out.write(b);
				}
			}

			@Override
			public void write(byte[] bytes, int offset, int length) throws IOException {
				RecordedResponse.this.body.write(bytes, offset, length);
				if (out != null) {
					out.write(bytes, offset, length);
				}
			}

			@Override
			public void flush() throws IOException {
				if (out != null) {
					out.flush();
				}
			}

			@Override
			public boolean isReady() {
				return true;
			}

			@Override
			public void setWriteListener(WriteListener listener) {
				throw new UnsupportedOperationException("Synchronous writes only");
			}

		};
	}

	private static boolean isStream(@Nullable String contentType) {
		if (contentType == null) {
			return false;
		}
		try {
			return MediaType.TEXT_EVENT_STREAM.isCompatibleWith(MediaType.parseMediaType(contentType));
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

}
