import { Link } from 'react-router';
import { useTitle } from '../hooks/use-title';

/** Any address the app does not know. */
export function NotFoundPage() {
  useTitle('Page not found');
  return (
    <section className="page">
      <h1>Page not found</h1>
      <p>
        There is no page at this address. <Link to="/">Back to the catalog</Link>.
      </p>
    </section>
  );
}
